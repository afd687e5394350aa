"""The shared rules in the web's other large languages: a page's chrome is written in its own
language (rules alone: the line model off). Each chrome line goes by its rule between two article
sentences of its language; article lines like them stay."""

import pytest

from cleaner import Cleaner

# Two sentences of an article, per language, around the line under test.
AROUND = {
    "de": ("Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.",
           "Acht Mitglieder stimmten dafür, drei dagegen, und der Bürgermeister begrüßte das Ergebnis."),
    "es": ("El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate sobre su coste.",
           "Ocho concejales votaron a favor y tres en contra, y el alcalde celebró el resultado."),
    "fr": ("Le conseil municipal a adopté mardi le nouveau budget après un long débat sur son coût.",
           "Huit élus ont voté pour et trois contre, et le maire a salué le résultat."),
    "pt": ("A câmara aprovou na terça-feira o novo orçamento depois de um longo debate sobre o custo.",
           "Oito vereadores votaram a favor e três contra, e o prefeito comemorou o resultado."),
    "it": ("Il consiglio comunale ha approvato martedì il nuovo bilancio dopo un lungo dibattito.",
           "Otto consiglieri hanno votato a favore e tre contro, e il sindaco ha accolto il risultato."),
    "ru": ("Городской совет во вторник после долгих споров утвердил новый бюджет города.",
           "Восемь депутатов проголосовали за, трое против, и мэр приветствовал это решение."),
    "zh": ("市议会周二经过长时间辩论，通过了新的城市预算方案。", "八名议员投了赞成票，三名议员反对，市长对结果表示欢迎。"),
    "ja": ("市議会は火曜日、長い議論の末に新しい予算案を可決した。", "八人の議員が賛成し、三人が反対したが、市長は結果を歓迎した。"),
    "hi": ("नगर परिषद ने मंगलवार को लंबी बहस के बाद नया बजट पास कर दिया।", "आठ सदस्यों ने इसके पक्ष में और तीन ने विरोध में वोट दिया।"),
    "pl": ("Rada miasta przyjęła we wtorek nowy budżet po długiej debacie o jego kosztach.",
           "Ośmiu radnych głosowało za, trzech przeciw, a burmistrz z zadowoleniem przyjął wynik."),
    "ar": ("وافق المجلس البلدي يوم الثلاثاء على الميزانية الجديدة بعد نقاش طويل حول تكلفتها.",
           "وصوت ثمانية أعضاء لصالحها وثلاثة ضدها، ورحب رئيس البلدية بالنتيجة."),
    "tr": ("Belediye meclisi salı günü uzun bir tartışmanın ardından yeni bütçeyi onayladı.",
           "Sekiz üye lehte, üç üye aleyhte oy kullandı ve belediye başkanı sonucu memnuniyetle karşıladı."),
    "nl": ("De gemeenteraad heeft dinsdag na een lang debat de nieuwe begroting aangenomen.",
           "Acht raadsleden stemden voor en drie tegen, en de burgemeester was blij met de uitslag."),
    "ko": ("시의회는 화요일 긴 논의 끝에 새 예산안을 통과시켰다.", "의원 여덟 명이 찬성하고 세 명이 반대했으며 시장은 결과를 환영했다."),
    "vi": ("Hội đồng thành phố hôm thứ Ba đã thông qua ngân sách mới sau một cuộc tranh luận kéo dài.",
           "Tám đại biểu bỏ phiếu tán thành, ba người phản đối, và thị trưởng hoan nghênh kết quả."),
    "id": ("Dewan kota pada hari Selasa menyetujui anggaran baru setelah perdebatan panjang soal biayanya.",
           "Delapan anggota mendukung dan tiga menolak, dan wali kota menyambut baik hasilnya."),
    "fa": ("شورای شهر روز سه‌شنبه پس از بحثی طولانی بودجه جدید را تصویب کرد.",
           "هشت عضو به آن رای موافق و سه عضو رای مخالف دادند و شهردار از نتیجه استقبال کرد."),
    "uk": ("Міська рада у вівторок після тривалих дебатів ухвалила новий бюджет міста.",
           "Вісім депутатів проголосували за, троє проти, і мер привітав це рішення."),
    "sv": ("Kommunfullmäktige antog på tisdagen den nya budgeten efter en lång debatt om kostnaderna.",
           "Åtta ledamöter röstade för och tre emot, och kommunalrådet välkomnade beskedet."),
    "el": ("Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό μετά από μακρά συζήτηση.",
           "Οκτώ σύμβουλοι ψήφισαν υπέρ και τρεις κατά, και ο δήμαρχος χαιρέτισε το αποτέλεσμα."),
    "hy": ("Քաղաքային խորհուրդը երեքշաբթի օրը երկար քննարկումից հետո հաստատեց նոր բյուջեն։",
           "Ութ անդամ կողմ քվեարկեց, երեքը՝ դեմ, և քաղաքապետը ողջունեց արդյունքը։"),
    "he": ("מועצת העיר אישרה ביום שלישי את התקציב החדש לאחר דיון ארוך על עלותו.",
           "שמונה חברים הצביעו בעד ושלושה נגד, וראש העיר בירך על התוצאה."),
    "th": ("สภาเมืองอนุมัติงบประมาณฉบับใหม่เมื่อวันอังคาร หลังจากการอภิปรายเป็นเวลานาน",
           "สมาชิกแปดคนลงมติเห็นด้วย สามคนไม่เห็นด้วย และนายกเทศมนตรีแสดงความยินดีกับผลการลงมติ"),
    "en": ("The city council approved the new budget on Tuesday after a long debate about its cost.",
           "Eight members voted in favour and three against, and the mayor welcomed the result."),
}


@pytest.fixture(scope="module")
def rules_alone():
    return Cleaner(generic="off")


def around(lang: str, middle: str) -> tuple[str, str]:
    """The page of the language's two article sentences with ``middle`` between them, and its text
    once ``middle`` has gone."""
    before, after = AROUND[lang]
    return f"{before}\n\n{middle}\n\n{after}", f"{before}\n\n{after}"


def cleaned_away(cleaner, lang: str, middle: str):
    """The result of cleaning ``middle`` between the language's two article sentences, once it is
    checked that only the two sentences stay."""
    page, text = around(lang, middle)
    result = cleaner.process(page)
    assert result.record.text == text
    return result


@pytest.mark.parametrize("lang, line, rule", [
    ("de", "Mehr zum Thema", "related-heading"),
    ("de", "Anzeige", "advertisement"),
    ("de", "Link kopieren", "social-line"),
    ("de", "Auf Facebook teilen", "social-line"),
    ("de", "Alle Rechte vorbehalten", "copyright"),
    ("de", "© SPIEGEL 2024 – Alle Rechte vorbehalten", "copyright"),
    ("de", "Impressum", "site-nav"),
    ("de", "Weiterlesen", "read-more"),
    ("de", "Lesen Sie auch: Warum in Deutschland kaum noch gebaut wird", "read-also"),
    ("de", "Zum Inhalt springen", "skip-link"),
    ("de", "Kommentare", "comment-section"),
    ("de", "4 Min. Lesezeit", "reading-time"),
    ("de", "Artikel anhören • 4 Min", "listen-time"),
    ("de", "Zur Merkliste hinzufügen", "back-to-top"),
    ("de", "Weitere Optionen zum Teilen", "back-to-top"),
    ("de", "Über den Autor", "author-heading"),
    ("es", "Recibe cada tarde el boletín Diario de Negocios, con la información económica más relevante del día.",
     "newsletter-pitch"),
    ("es", "Sobre la firma", "author-heading"),
    ("fr", "Recevez chaque matin notre newsletter avec l'essentiel de l'actualité.", "newsletter-pitch"),
    ("es", "Noticias relacionadas", "related-heading"),
    ("es", "Más información", "related-heading"),
    ("es", "Compartir en Whatsapp", "social-line"),
    ("es", "Copiar enlace", "social-line"),
    ("es", "Publicidad", "advertisement"),
    ("es", "Todos los derechos reservados.", "copyright"),
    ("es", "Lee también: El Gobierno prepara una ley para limitar los contratos de temporada", "read-also"),
    ("es", "Seguir leyendo", "read-more"),
    ("es", "Iniciar sesión", "site-nav"),
    ("es", "Comentarios", "comment-section"),
    ("fr", "À lire aussi", "related-heading"),
    ("fr", "Partager sur Facebook", "social-line"),
    ("fr", "Lire la suite", "read-more"),
    ("fr", "Tous droits réservés", "copyright"),
    ("fr", "Publicité", "advertisement"),
    ("fr", "Aller au contenu principal", "skip-link"),
    ("pt", "Leia também", "related-heading"),
    ("pt", "Compartilhar no WhatsApp", "social-line"),
    ("pt", "Todos os direitos reservados", "copyright"),
    ("it", "Leggi anche", "related-heading"),
    ("it", "Condividi su Facebook", "social-line"),
    ("it", "Pubblicità", "advertisement"),
    ("ru", "Читайте также", "related-heading"),
    ("ru", "Поделиться в Telegram", "social-line"),
    ("ru", "Реклама", "advertisement"),
    ("ru", "Все права защищены", "copyright"),
    ("ru", "Подробнее", "read-more"),
    ("ru", "Комментарии", "comment-section"),
    ("zh", "相关阅读", "related-heading"),
    ("zh", "延伸阅读：楼市新政落地", "read-also"),
    ("zh", "分享到微博", "social-line"),
    ("zh", "广告", "advertisement"),
    ("zh", "版权所有 © 2024 新浪网", "copyright"),
    ("zh", "阅读全文", "read-more"),
    ("zh", "首页", "site-nav"),
    ("ja", "関連記事", "related-heading"),
    ("ja", "シェア", "social-line"),
    ("ja", "続きを読む", "read-more"),
    ("ja", "ログイン", "site-nav"),
    ("hi", "ये भी पढ़ें :", "related-heading"),
    ("hi", "विज्ञापन", "advertisement"),
    ("hi", "और पढ़ें", "read-more"),
    ("ar", "اقرأ أيضا", "related-heading"),
    ("ar", "جميع الحقوق محفوظة", "copyright"),
    ("ar", "إعلان", "advertisement"),
    ("de", "Quelle: Deutsche Presse-Agentur", "source-line"),
    ("de", "Quelle: dpa", "source-line"),  # its own example: an agency that writes its name in small letters
    ("de", "Quelle: dpa, AFP", "source-line"),
    ("de", "Zu den Kommentaren", "comment-section"),
    ("zh", "（文章来源：经济参考报）", "source-line"),
    ("es", "Ir a los comentarios", "comment-section"),
    ("de", "Artikel anhören", "site-nav"),
    ("es", "Al registrarte, aceptas nuestros Términos de uso y nuestra Política de privacidad.", "consent-line"),
    ("fr", "En vous inscrivant, vous acceptez nos conditions générales d'utilisation.", "consent-line"),
    ("pt", "Ao se cadastrar, você concorda com os Termos de Uso e a Política de Privacidade.", "consent-line"),
    ("de", "Mit der Anmeldung akzeptieren Sie unsere Datenschutzbestimmungen.", "consent-line"),
    # the third probe's pages: Le Monde, Folha, Corriere, Hürriyet, NHK
    ("fr", "Lire plus tard", "back-to-top"),
    ("fr", "Offrir l’article", "back-to-top"),
    ("fr", "Article réservé aux abonnés", "back-to-top"),
    ("fr", "S’abonner", "site-nav"),
    ("fr", "Abonnez-vous à notre newsletter", "newsletter-pitch"),
    ("pt", "Cadastre-se e escolha quais newsletters gostaria de receber", "newsletter-pitch"),
    ("pt", "Ativar newsletters", "newsletter-pitch"),
    ("pt", "Relacionadas", "related-heading"),
    ("it", "© RIPRODUZIONE RISERVATA", "copyright"),
    ("it", "Iscriviti alla newsletter di Corriere Milano", "newsletter-pitch"),
    ("it", "Ultime notizie", "related-heading"),
    ("tr", "Takip Et", "back-to-top"),
    ("tr", "Google News ile Abone Ol", "back-to-top"),
    ("tr", "E-posta", "social-line"),
    ("tr", "Abone Ol", "site-nav"),
    ("tr", "Haberin Devamı", "site-nav"),
    ("ja", "シェアする", "social-line"),
    ("ja", "LINE", "social-line"),
    ("ja", "あわせて読みたい", "related-heading"),
    ("es", "Al registrarse, usted acepta los Términos y Condiciones y la Política de Privacidad.", "consent-line"),  # usted
    ("es", "Al suscribirse, acepta nuestra política de privacidad.", "consent-line"),
    ("pt", "Ao continuar, você concorda com os Termos de Uso.", "consent-line"),
    ("de", "Mit Ihrer Anmeldung erklären Sie sich mit den Nutzungsbedingungen einverstanden.", "consent-line"),
    # a date and a time of day alone on a line, as Spanish and Portuguese pages print it
    ("es", "15 de octubre de 2024 - 05:40", "timestamp-line"),
    ("es", "miércoles, 18 de septiembre de 2024, 12:47", "timestamp-line"),
    ("pt", "quarta-feira, 12 de março de 2024 às 15:30", "timestamp-line"),
    ("pt", "12/03/2024 às 15:30", "timestamp-line"),
    # the fourth probe's pages: Yonhap, VnExpress, Kompas, BBC Persian, Ukrainska Pravda, Aftonbladet,
    # Kathimerini, Armenpress, NOS, Onet, Ynet, Thairath and four English regional papers
    ("ko", "관련 기사", "related-heading"),
    ("ko", "공유", "social-line"),
    ("ko", "광고", "advertisement"),
    ("ko", "본문 바로가기", "skip-link"),
    ("ko", "로그인", "site-nav"),
    ("ko", "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "copyright"),
    ("vi", "Tin liên quan", "related-heading"),
    ("vi", "Chia sẻ", "social-line"),
    ("vi", "Sao chép liên kết", "social-line"),
    ("vi", "Quảng cáo", "advertisement"),
    ("vi", "Đăng nhập", "site-nav"),
    ("id", "Baca juga: Warga Bandung Keluhkan Banjir di Kawasan Gedebage", "read-also"),
    ("id", "Berita Terkait", "related-heading"),
    ("id", "Bagikan artikel ini melalui", "share-heading"),
    ("id", "Salin Link", "social-line"),
    ("id", "Artikel ini telah tayang di Kompas.com", "post-appeared-first"),
    ("id", "Baca selengkapnya", "read-more"),
    ("fa", "بیشتر بخوانید", "related-heading"),
    ("fa", "موضوعات مرتبط", "related-heading"),
    ("fa", "پرش به محتوا", "skip-link"),
    ("fa", "تبلیغات", "advertisement"),
    ("uk", "Читайте також: Уряд збільшив фінансування програми протезування", "read-also"),
    ("uk", "Поділитися:", "social-line"),
    ("uk", "Реклама:", "advertisement"),
    ("uk", "Підписуйтеся на наш Telegram-канал", "newsletter-pitch"),
    ("uk", "Якщо ви помітили помилку, виділіть необхідний текст і натисніть Ctrl+Enter, щоб повідомити про це редакцію.", "form-message"),
    ("uk", "Останні новини", "related-heading"),
    ("uk", "Детальніше", "read-more"),
    ("sv", "Läs också", "related-heading"),
    ("sv", "Mest läst", "related-heading"),
    ("sv", "Dela", "social-line"),
    ("sv", "Kopiera länk", "social-line"),
    ("sv", "Annons", "advertisement"),
    ("sv", "Gå till innehållet", "skip-link"),
    ("sv", "Alla rättigheter förbehålls © Aftonbladet", "copyright"),
    ("el", "Διαβάστε επίσης", "related-heading"),
    ("el", "Σχετικά Άρθρα", "related-heading"),
    ("el", "Κοινοποίηση", "social-line"),
    ("el", "ΔΙΑΦΗΜΙΣΗ", "advertisement"),
    ("el", "Αναζήτηση", "site-nav"),
    ("el", "Ακολουθήστε την Καθημερινή στο Google News", "newsletter-pitch"),
    ("el", "© 2024 Η ΚΑΘΗΜΕΡΙΝΗ Α.Ε. Με την επιφύλαξη παντός δικαιώματος.", "copyright"),
    ("hy", "Կարդացեք նաև", "related-heading"),
    ("hy", "Կիսվել", "social-line"),
    ("hy", "© 2024 Արմենպրես։ Բոլոր իրավունքները պաշտպանված են։", "copyright"),
    ("nl", "Ga naar de hoofdinhoud", "skip-link"),
    ("nl", "Bekijk ook", "related-heading"),
    ("nl", "Link kopiëren", "social-line"),
    ("pl", "Dalsza część artykułu pod materiałem wideo", "site-nav"),
    ("pl", "Dziękujemy, że przeczytałaś/eś nasz artykuł do końca. Bądź na bieżąco! Obserwuj nas w Wiadomościach Google.", "newsletter-pitch"),
    ("pl", "Polecane", "related-heading"),
    ("he", "קראו עוד", "related-heading"),
    ("he", "שתפו", "social-line"),
    ("he", "העתקת קישור", "social-line"),
    ("he", "פרסומת", "advertisement"),
    ("he", "דלג לתוכן", "skip-link"),
    ("he", "כל הזכויות שמורות © ידיעות אינטרנט", "copyright"),
    ("th", "แชร์", "social-line"),
    ("th", "คัดลอกลิงก์", "social-line"),
    ("th", "โฆษณา", "advertisement"),
    ("th", "Copyright © 2024 Thairath Online. สงวนลิขสิทธิ์", "copyright"),
    ("en", "Kindly share this story:", "share-heading"),
    ("en", "READ: QC bans single-use plastics in city hall", "read-also"),
    ("en", "By providing an email address. I agree to the Terms of Use and acknowledge that I have read the Privacy Policy.", "consent-line"),
    # rights reserved as the notices word it, the sentences below that use the same words aside
    ("ko", "무단 전재 및 재배포 금지", "copyright"),
    ("ko", "ⓒ 한국일보, 무단전재 및 재배포 금지", "copyright"),
    ("vi", "Bản quyền thuộc về Báo Tuổi Trẻ", "copyright"),
    ("vi", "© Bản quyền thuộc Công ty Cổ phần VnExpress", "copyright"),
    ("id", "Hak Cipta Dilindungi Undang-Undang", "copyright"),
    ("id", "Copyright 2008 - 2024 PT. Kompas Cyber Media. Hak cipta dilindungi.", "copyright"),
])
def test_a_chrome_line_goes_by_its_rule_in_its_language(rules_alone, lang, line, rule):
    result = cleaned_away(rules_alone, lang, line)
    fate = next(f for f in result.fates if f.text == line)
    assert (fate.dest, fate.rule.id) == ("removed", rule)


@pytest.mark.parametrize("lang, line", [
    ("de", "Die Anzeige gegen den Bürgermeister wurde am Montag eingestellt, teilte die Staatsanwaltschaft mit."),
    ("de", "Mehr zum Thema Wohnungsbau will die Ministerin im Herbst vorlegen, sagte sie der Zeitung."),
    ("de", "Kommentare von Anwohnern werden in der nächsten Sitzung verlesen."),
    ("de", "Der Verlag hat sich alle Rechte vorbehalten, sagte ein Sprecher am Montag."),
    ("ru", "Он заявил, что в стране все права защищены законом и судом."),
    ("zh", "这张照片的版权所有者已要求网站删除图片。"),
    ("es", "Más información sobre el plan estará disponible en la web del ayuntamiento a partir del lunes."),
    ("es", "Compartir en familia es lo que más echan de menos los vecinos, dijo la alcaldesa."),
    ("fr", "Lire la suite du rapport prendra du temps aux élus, qui doivent voter avant la fin du mois."),
    ("ru", "Реклама на остановках принесла городу больше денег, чем ожидали в мэрии."),
    ("zh", "相关阅读材料已经发给了每一位议员，供他们在会前参考。"),
    ("hi", "विज्ञापन पर खर्च घटाकर परिषद ने सड़क मरम्मत के लिए पैसा जुटाया।"),
    # sentences that begin as a byline or a date label does
    ("de", "Von Braun bis heute war es ein weiter Weg für die deutsche Raumfahrt."),
    ("es", "Por Madrid pasan cada día miles de camiones cargados de fruta."),
    ("de", "Veröffentlicht am 18. September 2024 wurde der Bericht des Bundesamts, der den Rückgang belegt."),
    ("es", "Actualizado el plan en 2024, el ayuntamiento espera terminar las obras antes del verano."),
    ("fr", "En cliquant sur la carte, les habitants voient les travaux prévus dans leur quartier."),
    ("pt", "Ao clicar no mapa, o morador vê as obras previstas no seu bairro."),
    # like the third probe's chrome
    ("it", "Il giudice ha detto che la riproduzione riservata delle immagini era stata autorizzata."),
    ("fr", "Lire plus tard le rapport ne changera rien, a prévenu le maire."),
    ("pt", "Relacionadas ao orçamento, as mudanças foram aprovadas por oito votos."),
    ("tr", "Takip etmek için belediye yeni bir sistem kurdu."),
    ("tr", "Giriş tarihi belli olmayan öğrenciler için ek bir sınav yapılacak."),
    ("ja", "LINEで連絡を取り合っていた市議会議員の発言が問題になった。"),
    ("ar", "وقالت وكالة رويترز إن الاجتماع سيعقد في القاهرة الأسبوع المقبل."),
    ("es", "El 15 de octubre de 2024 a las 05:40 sonó la alarma en el puerto."),
    ("pt", "Desde 12 de março de 2024 às 15:30 a ponte está fechada."),
    ("es", "Al registrarse en el padrón, el vecino acepta que el ayuntamiento conozca su domicilio."),
    # like the fourth probe's chrome
    ("ko", "관련 기사를 쓴 기자는 시청의 해명을 듣지 못했다고 밝혔다."),
    ("vi", "Chia sẻ với báo chí, thị trưởng cho biết dự án sẽ hoàn thành trong năm nay."),
    ("id", "Baca juga laporan keuangan kota yang dirilis pekan lalu, kata wali kota kepada wartawan."),
    ("uk", "Реклама на зупинках принесла місту більше грошей, ніж очікували в мерії."),
    ("sv", "Dela upp budgeten i tre delar, föreslog oppositionen på mötet."),
    ("sv", "Annons efter annons visar att bostadsbristen i staden fortsätter att växa."),
    ("el", "Διαβάστε επίσης την έκθεση του δήμου, είπε ο δήμαρχος στους δημοσιογράφους."),
    ("hy", "Կիսվել իր կարծիքով քաղաքապետը չցանկացավ լրագրողների հետ։"),
    ("he", "קראו עוד על התוכנית באתר העירייה, אמר ראש העיר לכתבים."),
    ("th", "โฆษณาบนรถเมล์ช่วยให้เมืองมีรายได้เพิ่มขึ้นมากกว่าที่คาดไว้ในปีนี้"),
    ("en", "Read the full report on the council's website, the mayor told reporters."),
    ("en", "The wire service said the photo was taken in Karachi. — Staff reporter"),
    # a headline whose first word is the byline's label, and a sentence that ends in no mark
    ("id", "Penulis Laskar Pelangi Raih Penghargaan Sastra"),
    ("th", "เผยแพร่ครั้งแรกเมื่อปี 2520 โดยสำนักพิมพ์ดวงกมล"),
    # the words of a rights-reserved notice, in a sentence (after a comma; Hangul has no lower case
    # for the guard against a word before them)
    ("vi", "Theo phán quyết của tòa, bản quyền thuộc về nhạc sĩ đã sáng tác bài hát."),
    ("id", "Menurut undang-undang, hak cipta dilindungi seumur hidup pencipta ditambah 70 tahun."),
    ("ko", "출판사들은 기사의 무단 전재 사례가 지난해보다 크게 늘었다고 밝혔다."),
    # like the second probe's last chrome
    ("es", "Recibe cada tarde el alcalde a los vecinos que quieren hablar del boletín municipal."),
    ("es", "Sobre la firma del acuerdo no hubo ninguna sorpresa, dijo el alcalde."),
    ("de", "Mit AP und Reuters als Quellen berichtete die Zeitung über den Streit."),
])
def test_an_article_line_like_them_stays_in_its_language(rules_alone, lang, line):
    page, _ = around(lang, line)
    record = rules_alone.clean(page)
    assert record.text == page and not record.metadata.get("authors")


@pytest.mark.parametrize("lang, line, authors", [
    ("de", "Von Katharina Brenner", ["Katharina Brenner"]),
    ("es", "Por Ana García y Lucía Ferrer", ["Ana García", "Lucía Ferrer"]),
    ("fr", "Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("pl", "Autor: Jan Kowalski", ["Jan Kowalski"]),
    # on two lines, the label alone over the names
    ("de", "Von\nKatharina Brenner", ["Katharina Brenner"]),
    ("es", "Por\nAna García y Lucía Ferrer", ["Ana García", "Lucía Ferrer"]),
    ("pl", "Autor:\nJan Kowalski", ["Jan Kowalski"]),
    ("sv", "Av: Karin Lundqvist", ["Karin Lundqvist"]),
    ("id", "Penulis: Rizky Ramadhan", ["Rizky Ramadhan"]),
    ("id", "Penulis Rizky Ramadhan\n| Editor Dita Angga", ["Rizky Ramadhan"]),  # Kompas's, over its editor
])
def test_a_byline_in_its_language_names_the_authors(rules_alone, lang, line, authors):
    assert cleaned_away(rules_alone, lang, line).record.metadata["authors"] == authors


@pytest.mark.parametrize("lang, caption, credit", [
    ("de", "Baustelle eines Mehrfamilienhauses in Leipzig: Viele Projekte liegen auf Eis", "Foto: Jan Woitas / dpa"),
    ("de", "Der Bürgermeister vor dem Rathaus", "Bild: dpa"),
    ("es", "Carteles de alquiler en un edificio del barrio de Lavapiés, en Madrid.", "Imagen: EFE"),
    ("ru", "Здание городского совета", "Фото: РИА Новости"),
    ("zh", "市民在售楼处了解楼盘信息", "图片来源：视觉中国"),
    ("ar", "المحطة تقع قرب مدينة أكادير جنوب المغرب", "(رويترز)"),  # an agency alone, in brackets
    ("ko", "서울 시내의 한 노후 아파트 단지 모습", "[연합뉴스 자료사진]"),
    ("vi", "Xe buýt điện đón khách tại điểm trung chuyển Cầu Giấy.", "Ảnh: Ngọc Thành"),
    ("id", "Suasana Taman Lansia di Kota Bandung, Jawa Barat, Selasa (5/3/2024).", "KOMPAS.com/RIZKY RAMADHAN"),
    ("el", "Εργασίες σε σχολικό κτίριο στο Μαρούσι.", "ΦΩΤΟΓΡΑΦΙΑ: ΑΠΕ-ΜΠΕ"),
    ("hy", "Գրադարանի նախագծի պատկերը", "Լուսանկարը՝ Երևանի քաղաքապետարանի"),
    ("he", "חוף בת גלים בחיפה", "צילום: שלומי כהן"),
    ("th", "ภาพมุมสูงของพื้นที่ก่อสร้างสวนสาธารณะ", "ภาพ: กรุงเทพมหานคร"),
    ("nl", "De Oudegracht in Utrecht op een drukke zaterdag.", "ANP"),
    ("fa", "بسیاری از خانوارها ناچار به جابجایی به شهرهای اطراف تهران شده‌اند", "منبع تصویر, Getty Images"),
    ("en", "Volunteers clear debris along a creek in Quezon City.", "INQUIRER FILE PHOTO"),
])
def test_a_credit_in_its_language_makes_a_caption_record(rules_alone, lang, caption, credit):
    record = cleaned_away(rules_alone, lang, f"{caption}\n{credit}").record
    assert (record.captions[0].text, record.captions[0].credit) == (caption, credit)


def test_a_credit_in_brackets_closing_a_line_leaves_the_line_in_its_language(rules_alone):
    page, _ = around("tr", "Metro hattının inşaatı 2017 yılında başlamıştı. (Fotoğraf: Arşiv)")
    record = rules_alone.clean(page)
    assert "Metro hattının inşaatı 2017 yılında başlamıştı.\n" in record.text and "Fotoğraf" not in record.text
    assert record.captions[0].credit == "Fotoğraf: Arşiv"


@pytest.mark.parametrize("lang, line, dest", [
    ("de", "Aktualisiert am 18.09.2024, 12.47 Uhr", "metadata.updated"),
    ("es", "Actualizado: 15 oct 2024 - 05:40 CEST", "metadata.updated"),
    ("ru", "Обновлено: 15.10.2024", "metadata.updated"),
    ("zh", "更新时间：2024-10-15 08:30", "metadata.updated"),
    ("hi", "अपडेटेड: अक्टूबर 24, 2024 21:12 pm IST", "metadata.updated"),
    ("de", "Veröffentlicht am 18.09.2024", "removed"),
    ("tr", "Son Güncellenme: 05.03.2024 - 15:10", "metadata.updated"),
    ("tr", "Giriş Tarihi: 05.03.2024 - 14:22", "removed"),
    ("zh", "发布时间：2024-10-15 08:30", "removed"),
    ("sv", "Uppdaterad 6 mars 2024 kl. 16.20", "metadata.updated"),
    ("sv", "Publicerad 6 mars 2024 kl. 14.03", "removed"),
    ("he", "עודכן: 06.03.24 , 16:02", "metadata.updated"),
    ("he", "פורסם: 06.03.24 , 14:20", "removed"),
    ("ko", "송고시간2024-03-06 14:32", "removed"),
    ("th", "เผยแพร่ 6 มีนาคม 2567 14:32", "removed"),
    ("fa", "به‌روزرسانی شده ۱۷ اسفند ۱۴۰۲", "metadata.updated"),
])
def test_an_updated_or_published_line_in_its_language_leaves_the_text(rules_alone, lang, line, dest):
    result = cleaned_away(rules_alone, lang, line)
    assert next(f for f in result.fates if f.text == line).dest == dest


@pytest.mark.parametrize("lang, heading, headlines", [
    ("zh", "相关阅读", ["央行：下调存量房贷利率 平均降幅约0.5个百分点", "广州全面取消住房限购 自9月30日起施行"]),
    ("hi", "ये भी पढ़ें :", ["छठ पूजा 2024: कब है नहाय-खाय और खरना, जानें पूरी तिथि",
                          "ट्रेन टिकट बुकिंग के नियमों में बड़ा बदलाव, अब 60 दिन पहले होगा रिज़र्वेशन"]),
])
def test_a_related_list_in_its_language_goes_with_its_headlines(rules_alone, lang, heading, headlines):
    # A Chinese headline has no spaces between its words; a Hindi list's heading ends in a colon.
    result = cleaned_away(rules_alone, lang, "\n".join([heading, *headlines]))
    assert {f.rule.id for f in result.fates if f.text in [heading, *headlines]} == {"related-list"}

"""Lines of the web's common chrome that the shared rules take wherever they stand in a text dump,
and article lines like them that stay (rules alone: the line model off)."""

import pytest

from cleaner import Cleaner

BEFORE = "The council approved the new budget on Tuesday after a long debate about its cost."
AFTER = "Its members voted eight to three in favour of the plan, and the mayor welcomed the result."


@pytest.fixture(scope="module")
def rules_alone():
    return Cleaner(generic="off")


# What the tests below check of a line between the two article sentences, or of a caption's two lines.
def goes_by_its_rule(cleaner, line, rule):
    """The line goes, by that rule, and only the two sentences stay."""
    result = cleaner.process(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    fate = next(f for f in result.fates if f.text == line)
    assert (fate.dest, fate.rule.id) == ("removed", rule)
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


def stays(cleaner, line):
    """An article's line like the chrome: the text is the three lines as they were."""
    assert cleaner.clean(f"{BEFORE}\n\n{line}\n\n{AFTER}").text == f"{BEFORE}\n\n{line}\n\n{AFTER}"


def makes_a_caption_record(cleaner, caption, credit):
    """A caption's sentence over its credit: one caption record, and only the two sentences stay."""
    record = cleaner.clean(f"{BEFORE}\n\n{caption}\n{credit}\n\n{AFTER}")
    assert record.text == f"{BEFORE}\n\n{AFTER}"
    assert (record.captions[0].text, record.captions[0].credit) == (caption, credit)


def both_stay(cleaner, above, below):
    """Two lines that are no caption and its credit: both stay, each a paragraph of its own."""
    page = f"{BEFORE}\n\n{above}\n{below}\n\n{AFTER}"
    assert cleaner.clean(page).text == f"{BEFORE}\n\n{above}\n\n{below}\n\n{AFTER}"


@pytest.mark.parametrize("line, rule", [
    ("Share on WhatsApp", "social-line"),  # its own documented example, which a case-sensitive prefix missed
    ("Share this with Facebook", "social-line"),  # the BBC's share bar
    ("Flickr", "social-line"),  # a follow bar's network, not a photo agency's credit
    ("Snapchat", "social-line"),
    ("TalkBack E-mail Print del.icio.us Digg this", "share-line"),  # an old share bar's tools
    ("del.icio.us", "social-line"),
    ("Follow on Twitter", "social-line"),
    ("Facebook icon", "social-line"),
    ("Click to share on Facebook (Opens in new window)", "social-line"),  # WordPress (Jetpack) share buttons
    ("Click to email a link to a friend (Opens in new window)", "social-line"),
    ("Click to print (Opens in new window)", "social-line"),
    ("Name (required)", "comment-section"),  # WordPress's comment form
    ("Mail (will not be published) (required)", "comment-section"),
    ("Post Comment", "comment-section"),
    ("Notify me of follow-up comments by email.", "comment-section"),
    ("Save my name, email, and website in this browser for the next time I comment.", "comment-section"),
    ("You must be logged in to leave a comment. Not a member? Register now!", "comment-section"),
    ("Enter your email address:", "newsletter-pitch"),  # FeedBurner's e-mail form
    ("Subscribe to The Valley Post by Email", "newsletter-pitch"),
    ("Delivered by FeedBurner", "newsletter-pitch"),
    ("Loading...", "form-message"),
    ("Loading, please wait!", "form-message"),
    ("See all", "read-more"),
    ("More on this story", "related-heading"),
    ("Trending Now on NYPost.com", "related-heading"),
    ("Home", "site-nav"),  # a menu, one item a line
    ("Contact us", "site-nav"),
    ("Send as SMS", "site-nav"),  # Blogger's post tools and navbar
    ("Notify Blogger about objectionable content.", "blogger-navbar"),
    ("Privacy Policy", "site-nav"),
    ("Listen to this article", "site-nav"),  # an audio player's button
    ("E-mail this article", "site-nav"),
    ("Continue reading the main story", "read-more"),
    ("Click to enlarge", "back-to-top"),
    ("Copy this link", "back-to-top"),  # a share tool under a headline (it was taken for it; Sputnik's
    # "Get short URL" names its site here: tests/test_edge_title.py has it under the shared rules alone)
    ("Back To Main Menu", "back-to-top"),
    ("Click to Skip Ad", "advertisement"),  # a video ad's button
    ("Sign in • Sign up", "site-nav"),  # a few menu items on one line, a separator between
    ("Log in | Sign up", "site-nav"),
    ("Related Topics", "related-heading"),
    ("Related article", "related-heading"),
    # Article tools and pitches of large news sites and platforms, each a line of its own.
    ("Link Copied!", "back-to-top"),
    ("Share full article", "back-to-top"),
    ("Read in app", "back-to-top"),
    ("Ad Feedback", "back-to-top"),
    ("Member-only story", "back-to-top"),
    ("Listen", "back-to-top"),
    ("Close", "back-to-top"),  # a dialog's button
    ("list of 4 items", "back-to-top"),  # a related list's words for screen readers
    ("list 1 of 4", "back-to-top"),
    ("end of list", "back-to-top"),
    ("Click here to share on social media", "back-to-top"),
    ("Share article", "back-to-top"),
    ("Reuse this content", "back-to-top"),
    ("04:36", "player-time"),  # a media player's time
    ("1:02 / 4:58", "player-time"),
    ("Hear this story", "site-nav"),  # an audio player's button
    ("Listen to this article with a free account", "site-nav"),
    ("Also Read", "related-heading"),
    ("Explore more on these topics", "related-heading"),  # a topic list's heading (the Guardian's)
    ("Discover more stories on", "related-heading"),
    ("Topics", "related-heading"),
    ("Explore", "site-nav"),
    ("Have an account? Log in.", "newsletter-pitch"),  # a paywall's lines
    ("Already a subscriber? Sign in", "newsletter-pitch"),
    ("This story is available exclusively to Business Insider subscribers. Become an Insider and start reading now.",
     "newsletter-pitch"),
    ("Subscribe to continue reading", "newsletter-pitch"),
    ("By registering, you agree to our T&C and Privacy Policy", "consent-line"),  # under a newsletter's form
    ("By clicking Sign Up, you agree to receive marketing emails from Insider as well as other partner offers "
     "and accept our Terms of Service and Privacy Policy.", "consent-line"),
    ("By subscribing I accept the terms of use", "consent-line"),
    ("By submitting this form you agree to pv magazine using your data for the purposes of publishing your comment.",
     "consent-line"),
    ("By using this site, you agree to the Terms of Use and Privacy Policy.", "consent-line"),
    ("By continuing, you agree to Medium's Terms of Service and Privacy Policy.", "consent-line"),
    ("By proceeding, you agree to our Terms of Use.", "consent-line"),
    ("Have a confidential tip for our reporters? Get in touch", "tip-pitch"),
    ("Got a confidential news tip? We want to hear from you.", "tip-pitch"),
    ("Have a News Tip?", "tip-pitch"),
    ("If you buy something from a Verge link, Vox Media may earn a commission. See our ethics statement.",
     "affiliate-disclosure"),
    ("Live Science is supported by its audience. When you purchase through links on our site, we may earn an "
     "affiliate commission. Learn more", "affiliate-disclosure"),
    ("Have a tip for us? Email tips@valleypost.com.", "tip-pitch"),
    ("Have a tip about a news story? Contact Managing Editor Meg Carter at mcarter@valleypost.com or call 346-3041",
     "tip-pitch"),
    ("Sign up for CNN's Wonder Theory science newsletter. Explore the universe with news on fascinating discoveries, "
     "scientific advancements and more.", "newsletter-pitch"),  # the newsletter's name in four words
    ("Jump to comments", "comment-section"),
    ("Explore more", "related-heading"),
    ("Skip next section Explore more", "skip-link"),  # DW's labels for screen readers
    ("NEWYou can now listen to Fox News articles!", "listen-pitch"),
    ("Published October 3, 2024 10:14am EDT", "published-line"),
    ("Published On 14 Aug 2024", "published-line"),
    ("First published on Sun 9 Feb 2020 08.45 GMT", "published-line"),
    # A date and a time of day, nothing else: when the article or the post was published.
    ("August 12, 2024 at 3:41 PM UTC", "timestamp-line"),
    ("Nov. 18, 2019 7:04 pm ET", "timestamp-line"),
    ("Wednesday 20 November 2019 9:22 am", "timestamp-line"),
    ("November 18, 2019 | 4:10pm", "timestamp-line"),
    ("20/11/2019 / 11:42 am", "timestamp-line"),
    ("19 Nov 2019 05:44 GMT", "timestamp-line"),
    ("Sun 9 Feb 2020 08.45 GMT", "timestamp-line"),
    ("18.09.2024, 12.47 Uhr", "timestamp-line"),
    ("15 oct 2024 - 05:40 CEST", "timestamp-line"),
    ("2024-10-15 08:30", "timestamp-line"),
    ("9:42am, 20 Nov 2019", "timestamp-line"),
    # AP style: its 'p.m.' gives the line the words and the full stop of a sentence.
    ("Nov. 18, 2019, 7:04 p.m.", "timestamp-line"),
    ("Monday, Oct. 12, 2024 at 3:30 p.m.", "timestamp-line"),
    ("Previous Post: Tech Level course to help young mechanics", "back-to-top"),
    ("[ Back To The Top ]", "back-to-top"),  # old sites' forms, between an FAQ's answers
    ("(Return to Top)", "back-to-top"),
    ("^ back to top", "back-to-top"),
    ("Back to top of page", "back-to-top"),
    ("Sign up here.", "newsletter-pitch"),
    ("CLICK HERE TO SIGN UP FOR OUR LIFESTYLE NEWSLETTER", "newsletter-pitch"),
    ("Thanks for reading The Regional Desk! Subscribe for free to receive new posts and support my work.",
     "newsletter-pitch"),
    ("Discover more from The Regional Desk", "newsletter-pitch"),
    ("CLICK HERE TO GET THE FOX NEWS APP", "app-pitch"),
    ("You have permission to edit this article.", "form-message"),
    ("Reporting by Pratima Desai in London and Mai Nguyen in Singapore; Editing by Susan Fenton", "wire-credits"),
    (", ".join("actions bag aim definition acid atmosphere welfare doubt laws examination troops doors demands debt "
               "partner river values foot telephone race length lives plants".split()), "keyword-list"),  # stuffed keywords
    ("Distribution, Ekaterinburg, Ural, market, trade, research, sale, sales, region, survey, network, agent, branch, "
     "chamber, commercial, Moscow, Russia, Russian, deal, program, industry", "keyword-list"),
    # the page kinds of the third probe: a shop, a recipe card, a forum thread, a Q&A page, a newswire,
    # a government site, a WordPress.com blog
    ("Add to cart", "shop-tools"),
    ("Add to Basket", "shop-tools"),
    ("Buy it now", "shop-tools"),
    ("Tax included.", "shop-tools"),
    ("Shipping calculated at checkout.", "shop-tools"),
    ("Was this review helpful?", "shop-tools"),
    ("Yes (14)", "shop-tools"),
    ("Verified Buyer", "shop-tools"),
    ("Load more reviews", "shop-tools"),
    ("Customer Reviews", "comment-section"),
    ("Reader Interactions", "comment-section"),
    ("4.6 out of 5 stars", "rating"),
    ("4.88 from 96 votes", "rating"),
    ("5 stars", "rating"),
    ("(212 reviews)", "counter"),
    ("Based on 212 reviews", "counter"),
    ("2 Answers", "counter"),
    ("4.3K Followers", "counter"),
    ("Posts: 4182", "counter"),
    ("Viewed 4k times", "counter"),
    ("Jump to Recipe", "recipe-tools"),
    ("Print Recipe", "recipe-tools"),
    ("Pin Recipe", "recipe-tools"),
    ("Leave a Review", "recipe-tools"),
    ("Tried this recipe? Let us know how it was!", "recipe-tools"),
    ("Mention @hungryhollowkitchen or tag #hungryhollowkitchen!", "recipe-tools"),
    ("This post may contain affiliate links. Please read our disclosure policy.", "affiliate-disclosure"),
    ("As an Amazon Associate I earn from qualifying purchases.", "affiliate-disclosure"),
    ("Post by gwen_r » Mon Jan 08, 2024 7:32 pm", "post-tools"),
    ("Joined: Mon Jan 08, 2024 7:15 pm", "post-tools"),
    ("Reply With Quote", "post-tools"),
    ("Log in to reply", "post-tools"),
    ("Improve this answer", "post-tools"),
    ("Asked 3 years, 2 months ago", "post-tools"),
    ("answered Oct 18, 2021 at 9:31", "post-tools"),
    ("Highest score (default)", "post-tools"),
    ("Please be sure to answer the question. Provide details and share your research!", "answer-form"),
    ("Powered by phpBB® Forum Software © phpBB Limited", "powered-by"),
    ("Blog at WordPress.com.", "powered-by"),
    ("An official website of the United States government", "gov-banner"),
    ("Here’s how you know", "gov-banner"),
    ("A .gov website belongs to an official government organization in the United States.", "gov-banner"),
    ("A lock (LockA locked padlock) or https:// means you’ve safely connected to the .gov website. Share sensitive "
     "information only on official, secure websites.", "gov-banner"),
    ("SOURCE Lumora Health, Inc.", "press-release-tail"),
    ("View original content to download multimedia:https://www.prnewswire.com/news-releases/lumora-302078811.html",
     "press-release-tail"),
    ("We use some essential cookies to make this website work.", "cookie-notice"),
    ("Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to their use.",
     "cookie-notice"),
    ("Reject additional cookies", "cookie-buttons"),
    ("Already have a WordPress.com account? Log in now.", "newsletter-pitch"),
    ("Enter your email address to follow this blog and receive notifications of new posts by email.",
     "newsletter-pitch"),
    ("Follow us on Google News", "social-line"),
    ("Follow EPA Region 5 on X and visit our Facebook page.", "follow-pitch"),
    # a newsletter box's lines, as the second probe's pages print them
    ("Get our local newsletter, delivering free news from your region.", "newsletter-pitch"),
    ("Get the latest insights and analysis from our Global Impact newsletter on the big stories originating in China",
     "newsletter-pitch"),
    ("Stay updated with the latest news on Times of India . Don't miss daily games like Crossword.", "newsletter-pitch"),
    ("Your information is being handled in accordance with the ABC Privacy Collection Statement.", "consent-line"),
    ("Email address", "site-nav"),  # the form's field
    ("Your email address*", "site-nav"),
    ("Email this page to friends", "site-nav"),
    ("X.com", "social-line"),
    ("More sharing options", "back-to-top"),
    ("Add to Bookmarks", "back-to-top"),
    ("6 min", "listen-time"),  # a listening time under the byline
    ("Listen • 4 min", "listen-time"),
    ("with AP, Reuters, dpa", "source-line"),  # the agencies a story was written with
    ("bk/ab (AFP, dpa, Reuters)", "source-line"),
    ("kbr/dpa/Reuters", "source-line"),
    ("About the author", "author-heading"),
    # old sites' tools, as CleanEval's pages print them
    ("[Reply] [Top]", "bracket-tools"),
    ("[ Top ]", "bracket-tools"),
    ("(link)", "bracket-tools"),
    ("Quote:", "post-tools"),
    ("Up to Top", "back-to-top"),
    ("Return to Table of Contents", "back-to-top"),
    ("back to list of questions", "back-to-top"),
    ("Larger picture", "back-to-top"),
    ("read on >>", "read-more"),
    ("Full story", "read-more"),
    ("Click to order", "shop-tools"),
    ("Add to my wishlist", "shop-tools"),
    # the GDPR Cookie Consent plugin's box, an activation message, a membership pitch
    ("Privacy Overview", "cookie-notice"),
    ("Necessary cookies are absolutely essential for the website to function properly. This category only includes "
     "cookies that ensures basic functionalities and security features of the website.", "cookie-notice"),
    ("An email with an activation link has just been sent to your email address. Please activate your subscription "
     "by clicking on the link.", "form-message"),
    ("If you enjoyed this article, we have a proposition for you: Join NRPLUS. Members get all of our content.",
     "app-pitch"),
    # a page's metadata values, as a whole-page dump prints its head
    ("2019-11-13T23:06:00+01:00", "machine-line"),
    ("https://www.example.de/assets/images/logos/og-image-logo.png", "machine-line"),
])
def test_a_chrome_line_goes_by_its_rule(rules_alone, line, rule):
    goes_by_its_rule(rules_alone, line, rule)


@pytest.mark.parametrize("line", [
    "Loading the ferry took the crew most of the night.",
    "Follow the money, the old saying goes, and you will find who paid for the road.",
    "Click here to see how every ward voted.",
    "Comments from residents will be read at the next meeting.",
    "Search teams found the boat at dawn.",
    "Home, the mayor said, is where the work starts.",
    "What does this mean?",  # an explainer's subheading (Blogger's link of that name stands under its navbar)
    "Trending on social media this week",  # a subheading: 'Trending Now on NYPost.com' names a site
    "Posted on Facebook by Donald Trump Jr",  # a credit under an embedded post: no date, no byline
    "Home | Away",  # a sub-heading: only a menu's own items make a menu line
    "Reporting by the BBC found that the hospital had missed its targets for three years.",
    "Listen to the mayor: the bridge will not open before the spring.",
    "Follow the river north for two miles and the path meets the old railway.",
    "Copy editors at the paper walked out on Monday.",
    "Published in 1851, the novel sold fewer than 3,000 copies in its author's lifetime.",
    "End of list prices rose by 4 per cent, the survey found.",
    "The mayor thanked the volunteers (Anna Berg for The Valley Post wrote about them last year).",
    "Courtesy of the council, the park reopened on Monday.",
    "At 10:30 the council met again.",  # a time inside a sentence
    "1 of 4 adults in the county now works from home (the council's survey, published in May).",
    "The mayor thanked the volunteers (Anna Berg/The Valley Post wrote about them) before the vote.",
    "On 19 November 2019 at 10:05 the council met again.",
    "August 12, 2024",  # a date alone: a diary's or a timeline's heading
    "12 November 2019: the council meets at 10:00.",
    "Score: 3.45 points",  # a decimal is no time of day
    "Meeting 12 March 2019 18.30",  # a full stop in a time of day only before 'Uhr' or a zone
    "Topics ranged from the budget to the new bridge over the river.",
    "This story is available in print on Sunday, the editor said.",
    "Have an account? The council asks residents to register online before the meeting.",
    "Explore the old town on foot: the walk takes about an hour.",
    "Also read the council's own report, published on its website.",
    "Subscribers to the old printed newsletter will get the new one by post, the council said.",
    "By clicking through the council's budget, you see where the money goes.",  # no agreeing
    "By registering the boat, the owner accepted the harbour's rules.",  # the owner, not you
    "By continuing the talks, you agree with the minister, the union said.",
    "Got a tip from a neighbour, the police searched the barn on Monday.",  # no question
    # a tip that is advice, or money: no call for a newsroom's tips
    "Have a tip for keeping squirrels off the bird feeder? One reader swears by chilli powder in the seed.",
    "Got a tip for the delivery driver? Most apps now let you add one before the food arrives.",
    "Have a tip about how to keep a lawn green in a drought? Gardeners told us theirs.",
    "The police said they had a tip about the stolen boat and searched the harbour.",
    "With assistance from the county, the council repaired the bridge in a month.",  # no names
    "When you buy through a broker, the broker may earn a commission on every trade.",
    "Back to the top of the charts went the band, twenty years after its first hit.",
    "BGR may receive a commission",  # a deal box's line, which the benchmark's truth keeps
    # A list the article makes: it says what it lists, or it is a sentence.
    "Cast: Angela Alvarado, Ken Campbell, Robert De Niro, Frankie Faison, Judah Friedlander, Kadeem Hardison, "
    "Jennifer Lopez, Tim Blake Nelson, Marianne Jean-Baptiste, Rene Russo, Tom Sizemore, Kevin Spacey, Rosie Perez, "
    "John Cusack, Edward Norton, Danny DeVito, Tim Roth, Uma Thurman, Steve Buscemi, Harvey Keitel, Chris Penn",
    "We packed tents, stoves, maps, ropes, torches, boots, socks, gloves, hats, scarves, jumpers, coats, flasks, "
    "plates, cups, knives, forks, spoons, matches, candles, a radio and a first-aid kit.",
    # like the third probe's chrome: a shop's, a recipe card's, a forum's, a newswire's, a government site's
    "Add to cart prices rose by a tenth, the survey of online shops found.",
    "In stock markets, the mood was calmer on Tuesday.",
    "Quantity, not quality, was what the old contract paid for.",
    "The hotel was rated 4 out of 5 by its guests last year.",
    "Five stars of the old league met again for the charity match.",
    "Report",  # a document's heading
    "Quote",  # a heading over a quotation
    "Top scorers of the season were honoured at the dinner.",
    "Jump to the end of the report and the numbers tell another story.",
    "Print recipes from the 1950s fill a shelf of the town library.",
    "Tried this recipe? The judges had, and they liked it less than the crowd did.",
    "Joined: the two parishes became one in 1974.",
    "Asked about the delay, the council said the contractor had gone bust.",
    "Powered by solar panels, the new depot needs no mains electricity.",
    "An official website of the council lists every road closure.",
    "Here’s how you know the scheme worked: the queues have gone.",
    "SOURCE documents from the archive show that the plan was drawn up in 1962.",
    "Follow the signs on the bypass and visit our old market square, the mayor urged tourists.",
    "To find out more, including how to apply, see the council's website.",
    "Get the paper's newsletter archive from the library, the council said.",  # no 'our'/'the' before it
    "Receive the council's newsletter by post if you have no internet, residents were told.",
    "Stay updated with the river levels on the council's website, the agency said.",
    "Your information is being handled by the council's new data office, the mayor said.",  # no privacy
    # a law, not the site's privacy policy, notice or statement
    "Your data will be processed in accordance with the new privacy law, the minister promised.",
    "Your information is handled in accordance with the Privacy Act 1988, a spokesman said.",
    "Email address books were leaked in the breach, the company said.",
    "6 min of the match were left when the home side scored.",
    "With AP and Reuters both reporting the result, the minister conceded.",
    "About the author of the report little is known.",
    "[Reply from the minister, read in the chamber on Monday]",
    "Read on and you will find the council's reasons.",
    "Full story of the flood is told in the council's report.",
    "Larger pictures of the bridge hang in the town hall.",
    "Back to the list of demands, the union said, before talks resumed.",
    "Order now and pay later, the shop's sign said, was not allowed under the new rules.",
    # dated as an article dates an event (the wires' captions put the day after a comma, then the place)
    "In a press release on Friday, June 3, 2005, the company explained why the market mattered.",
    "The ceremony is set for 10 a.m., Saturday, June 3, 2023, at the town hall.",
    "Privacy overviews of every app were published by the regulator on Monday.",
    "Necessary cookies, the regulator said, may be set without asking.",
    "If you enjoyed the concert, the organisers said, there will be another in May.",
    "https://www.example.gov/reports/budget-2024.pdf",  # a document the article links
    "2019-11-13",  # a date alone: a diary's heading
])
def test_an_article_line_like_them_stays(rules_alone, line):
    stays(rules_alone, line)


def test_a_qa_page_keeps_its_answers_under_each_add_a_comment(rules_alone):
    # 'Add a comment' stands under every post of a Q&A page, its answers' too: it closes nothing
    question = "I am building a list of callbacks in a loop, and every callback prints the same number. What am I missing?"
    answers = ["A lambda does not capture the value of i, it captures the variable, and looks it up only when it is called.",
               "This is late binding of closures, and the Python FAQ covers it under lambdas defined in a loop."]
    page = "\n\n".join([question, "Share", "Improve this question", "Add a comment", "2 Answers", answers[0],
                         "Add a comment", answers[1], "Add a comment", "Your Answer", "Post Your Answer"])
    assert rules_alone.clean(page).text == "\n\n".join([question, *answers])


def test_a_newswires_provider_line_goes_with_the_companys_name(rules_alone):
    result = rules_alone.process(f"{BEFORE}\n\nNews Provided By\n\nLumora Health, Inc.\n\n{AFTER}")
    assert {f.rule.id for f in result.fates if f.text in ("News Provided By", "Lumora Health, Inc.")} == {"newswire-provider"}
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


def test_a_forum_posters_card_goes_with_the_name_over_it(rules_alone):
    card = "DrainDoctor\nPosts: 4182\nJoined: Thu Mar 15, 2012 9:01 am\nLocation: Leeds"
    result = rules_alone.process(f"{BEFORE}\n\n{card}\n\n{AFTER}")
    assert {f.rule.id for f in result.fates if f.text in card.split("\n")} == {"poster-card"}
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


def test_one_location_line_of_an_article_stays(rules_alone):
    # a card needs two of its lines: an event's 'Location:' under its name is the article's
    page = f"{BEFORE}\n\nHarvest Fair\nLocation: Town Hall, Mill Street\n\n{AFTER}"
    assert {f.dest for f in rules_alone.process(page).fates if f.text} == {"body"}


def test_bloggers_navbar_goes_with_its_link(rules_alone):
    text = f"Notify Blogger about objectionable content.\nWhat does this mean?\n\n{BEFORE}\n\n{AFTER}"
    result = rules_alone.process(text)
    assert {f.text: f.rule.id for f in result.fates if f.rule} == {
        "Notify Blogger about objectionable content.": "blogger-navbar", "What does this mean?": "blogger-navbar"}
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("line", [
    "Posted on March 3, 2019 by Jane Doe",
    "Posted on Wednesday, September 17th, 2008 at 10:00 am by Jane Doe",  # an older WordPress theme's
])
def test_a_byline_with_its_date_first_names_the_author(rules_alone, line):
    record = rules_alone.clean(f"{line}\n\n{BEFORE}\n\n{AFTER}")
    assert record.metadata["authors"] == ["Jane Doe"] and record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("line, caption, credit", [
    ("Waves crash against the harbour wall in Newhaven, East Sussex. Photograph: Glyn Kirk/AFP via Getty Images",
     "Waves crash against the harbour wall in Newhaven, East Sussex.", "Photograph: Glyn Kirk/AFP via Getty Images"),
    ("The old mill before the fire. Picture: Kent Archives", "The old mill before the fire.", "Picture: Kent Archives"),
    ("Image caption A fallen tree blocked a road in Brighton", "A fallen tree blocked a road in Brighton", None),
    ("Image caption, Firefighters at the scene on Sunday", "Firefighters at the scene on Sunday", None),
    ("Workers lay reflective coating on a street in Los Angeles. (Jae C. Hong/AP)",
     "Workers lay reflective coating on a street in Los Angeles.", "Jae C. Hong/AP"),
    ("A man cools off under a misting fan in Phoenix on July 11. (Caitlin O'Hara for The Washington Post)",
     "A man cools off under a misting fan in Phoenix on July 11.", "Caitlin O'Hara for The Washington Post"),
    ("A worker inspects copper cathodes at a warehouse in Shanghai, China, March 8, 2024. REUTERS/Aly Song/File Photo",
     "A worker inspects copper cathodes at a warehouse in Shanghai, China, March 8, 2024.", "REUTERS/Aly Song/File Photo"),
    ("Protesters gather outside parliament in Nairobi [File: Brian Inganga/AP]",
     "Protesters gather outside parliament in Nairobi", "Brian Inganga/AP"),
    # A member paper's photo that the wire sends, numbered in the page's gallery.
    ("2 of 4 A shopper looks at extension cords at a hardware store in Grass Valley, Calif. (Elias Funez/The Union via AP)",
     "A shopper looks at extension cords at a hardware store in Grass Valley, Calif.", "Elias Funez/The Union via AP"),
    # The wires' captions with no credit on their line: the day, the date and the year after a comma.
    ("3 of 4 A shopper looks at extension cords at B&C Ace hardware store, Tuesday, Nov. 19, 2019, in Grass Valley, Calif.",
     "A shopper looks at extension cords at B&C Ace hardware store, Tuesday, Nov. 19, 2019, in Grass Valley, Calif.", None),
    ("Spain's Rafael Nadal celebrates a point during their Davis Cup match in Madrid, Spain, Tuesday, Nov. 19, 2019.",
     "Spain's Rafael Nadal celebrates a point during their Davis Cup match in Madrid, Spain, Tuesday, Nov. 19, 2019.", None),
    ("Brock Nelson puts the winning goal behind Matt Murray in Pittsburgh, Tuesday, Nov. 19, 2019. The Islanders won 5-4."
     " (AP Photo/Gene J. Puskar) less",
     "Brock Nelson puts the winning goal behind Matt Murray in Pittsburgh, Tuesday, Nov. 19, 2019. The Islanders won 5-4.",
     "AP Photo/Gene J. Puskar"),
    ("A cargo ship navigates through the Agua Clara Locks of the Panama Canal in Colon, Panama, Tuesday, Sept. 3, 2024."
     " (AP Photo/Arnulfo Franco)",  # the whole line a caption record, not only its credit
     "A cargo ship navigates through the Agua Clara Locks of the Panama Canal in Colon, Panama, Tuesday, Sept. 3, 2024.",
     "AP Photo/Arnulfo Franco"),
])

def test_a_caption_that_says_it_is_one_is_a_caption_record(rules_alone, line, caption, credit):
    # A credit after the caption's sentence ('Photograph: …', the Guardian's), or a label before it
    # ('Image caption …', the BBC's): the line is a caption, never the article's own.
    record = rules_alone.clean(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert record.text == f"{BEFORE}\n\n{AFTER}"
    assert (record.captions[0].text, record.captions[0].credit) == (caption, credit)


def test_an_image_copyright_line_is_the_credit_of_the_caption_under_it(rules_alone):
    record = rules_alone.clean(f"{BEFORE}\n\nImage copyright PA Media\nImage caption A fallen tree blocked a road\n\n{AFTER}")
    assert record.text == f"{BEFORE}\n\n{AFTER}"
    assert (record.captions[0].text, record.captions[0].credit) == ("A fallen tree blocked a road", "PA Media")


@pytest.mark.parametrize("caption, credit", [
    ("The renovated library now has a larger children's room.", "Credit...Jeenah Moon for The New York Times"),
    ("The team of divers spent weeks preparing for the deep dive.", "Courtesy Alexis Chappuis"),
    ("An artist's rendering shows the planned splash pad.", "Courtesy of the City of Millbrook"),
    ("Tesla has issued six recalls for the Cybertruck since it launched in late 2023.", "Justin Sullivan/Getty Images"),
    ("The Escondida mine in Chile's Atacama desert.", "Photographer: Cristobal Olivares/Bloomberg"),
])
def test_a_credit_line_under_a_caption_makes_a_caption_record(rules_alone, caption, credit):
    makes_a_caption_record(rules_alone, caption, credit)


@pytest.mark.parametrize("line, names", [
    ("Keith Bradsher contributed reporting from Hong Kong.", ["Keith Bradsher"]),
    ("Associated Press writers Alan Fram and Zeke Miller contributed to this report.", ["Alan Fram", "Zeke Miller"]),
    ("Associated Press writer Megan Janetsky in Mexico City contributed to this report.", ["Megan Janetsky"]),
    ("— With assistance from Jack Farchy and Anna Shiryaevskaya", ["Jack Farchy", "Anna Shiryaevskaya"]),  # Bloomberg's
    ("With additional reporting by Priya Nair.", ["Priya Nair"]),
])
def test_a_contributor_line_names_the_contributors(rules_alone, line, names):
    # Where the contributor was may stand between the name and 'contributed' (AP's own form).
    record = rules_alone.clean(f"{BEFORE}\n\n{AFTER}\n\n{line}")
    assert record.metadata["contributors"] == names and record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("line, when", [
    ("Updated 4:12 PM EDT, September 10, 2024", "4:12 PM EDT, September 10, 2024"),  # AP's: the time, then the date
    ("Updated Nov. 19, 2019 2:30 PM ET", "Nov. 19, 2019 2:30 PM ET"),
])
def test_an_updated_line_is_the_updated_field(rules_alone, line, when):
    record = rules_alone.clean(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert record.metadata["updated"] == when and record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("label, name, authors", [
    ("Written by:", "Maya Lindqvist", ["Maya Lindqvist"]),
    ("By", "Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
])
def test_a_byline_on_two_lines_names_the_authors(rules_alone, label, name, authors):
    # A byline's label alone on its line and the names under it, as some pages print them.
    result = rules_alone.process(f"{BEFORE}\n\n{label}\n{name}\n\n{AFTER}")
    assert result.record.metadata["authors"] == authors and result.record.text == f"{BEFORE}\n\n{AFTER}"


def test_a_heading_under_a_line_that_ends_in_by_stays(rules_alone):
    # 'Stand by' is no byline's label: only the label alone on its line is.
    record = rules_alone.clean(f"{BEFORE}\n\nStand by\nWhat Happens Next\n\n{AFTER}")
    assert "Stand by" in record.text and "What Happens Next" in record.text and not record.metadata.get("authors")


@pytest.mark.parametrize("heading", ["Tags", "Mehr lesen über", "Temas:"])
def test_a_tags_heading_over_one_tag_a_line_gives_the_tags(rules_alone, heading):
    page = f"{BEFORE}\n\n{heading}\nHousing\nKlara Geywitz\nStatistics Office\n\n{AFTER}"
    result = rules_alone.process(page)
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"
    assert result.record.metadata["tags"] == ["Housing", "Klara Geywitz", "Statistics Office"]


def test_a_tags_heading_over_a_sentence_is_no_tag_list(rules_alone):
    # One line under it, or lines that read as sentences: the article's own section.
    page = f"{BEFORE}\n\nTags\nThe council will discuss housing, schools and roads.\n\n{AFTER}"
    assert all(fate.dest in ("body", "blank") for fate in rules_alone.process(page).fates)

# The fifth probe's pages (old news pages, local TV, a market story, a gallery, a review, a wiki
# article, a how-to, a live blog): chrome that every such page prints the same way.
@pytest.mark.parametrize("line, rule", [
    ("Video player is loading.", "video-player"),  # video.js, as local TV stations' pages print it
    ("Play Video", "video-player"),
    ("Mute", "video-player"),
    ("Current Time 0:00", "video-player"),
    ("Loaded: 0%", "video-player"),
    ("Beginning of dialog window. Escape will cancel and close the window.", "video-player"),
    ("From Wikipedia, the free encyclopedia", "encyclopedia-chrome"),
    ("Retrieved from \"https://en.wikipedia.org/w/index.php?title=Hartley_Bridge&oldid=1187654321\"",
     "encyclopedia-chrome"),
    ("This page was last edited on 29 November 2023, at 14:02 (UTC).", "encyclopedia-chrome"),
    ("Toggle the table of contents", "encyclopedia-chrome"),
    ("Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply.",
     "encyclopedia-chrome"),
    ("Content is available under CC BY-SA 3.0 unless otherwise noted.", "encyclopedia-chrome"),
    ("^ \"Historic footbridge reopens\". BBC News. 14 May 2003. Retrieved 4 March 2021.", "reference-line"),
    ("This article appears in the June 2023 print edition with the headline “The Town That Forgot How to Sleep.” "
     "When you buy a book using a link on this page, we receive a commission.", "print-edition"),
    ("A version of this article appears in print on March 5, 2024, Section A, Page 1 of the New York edition with "
     "the headline: Council Votes to Close Two Schools.", "print-edition"),
    ("Our expert, award-winning staff selects the products we cover and rigorously researches and tests our top "
     "picks. If you buy through our links, we may get a commission.", "affiliate-disclosure"),
    ("When you buy a book using a link on this page, we receive a commission.", "affiliate-disclosure"),
    ("$348 at Amazon", "retailer-price"),
    ("See at Best Buy", "retailer-price"),
    ("-1.32%", "quote-change"),
    ("+0.20%", "quote-change"),
    ("-1.05", "quote-change"),
    ("Quotes delayed at least 15 minutes.", "quote-delay"),
    ("Data is a real-time snapshot *Data is delayed at least 15 minutes. Global Business and Financial News, Stock "
     "Quotes, and Market Data and Analysis.", "quote-delay"),
    ("Download the full report (PDF, 2.4 MB)", "file-link"),
    ("1 of 12", "slide-counter"),
    ("June 2023 Issue", "issue-line"),
    ("From the July/August 2024 issue", "issue-line"),
    ("Read More:", "read-more"),
    ("Next Slide", "back-to-top"),
    ("Font size: A | A | A", "back-to-top"),
    ("Text Size: A A A", "back-to-top"),
    ("Thank you for your feedback.", "form-message"),
    ("Please turn on JavaScript to use this feature", "form-message"),
    ("200 characters left", "form-message"),
    ("Not Helpful 2 Helpful 18", "counter"),
    ("This article has been viewed 214,032 times.", "view-count"),
    ("[Printer-friendly version] [E-mail this article]", "site-nav"),
    ("Reprints", "site-nav"),
    ("Contact Karen Whitfield at (937) 555-0142 or kwhitfield@example.com.", "contact-line"),
    ("Susan McKenzie can be reached at 555-2210, ext. 214, or smckenzie@example.com.", "contact-line"),
    ("Reach James O'Neill at 555-318-2250 or joneill@example.com.", "contact-line"),
    ("Lindsay Harper is a reporter for the Millbrook Ledger. She can be reached at 555-0142.", "contact-line"),
    ("13.58 GMT", "time-line"),  # a live blog's post's time
    ("4h ago", "time-line"),
    ("35 minutes ago", "time-line"),
])
def test_a_probe5_chrome_line_goes_by_its_rule(rules_alone, line, rule):
    goes_by_its_rule(rules_alone, line, rule)


@pytest.mark.parametrize("line", [
    "Mute swans nest on the lake every spring.",
    "Pause for a moment and consider what the bridge cost.",
    "From Wikipedia, the free encyclopedia, the student copied three paragraphs word for word.",
    "^ That is how the old papers marked a footnote, the archivist said.",  # no web reference
    "This article appears in print for the first time in English.",
    "Text is available under the terms of the treaty, the minister said, to any member state that asks for it.",
    "When you buy through a broker, the broker may earn a commission on every trade.",
    "Tickets cost $5 at the door, the organisers said.",
    "-3.5% in a year, the worst fall since 2009.",
    "21%",  # a table's cell: no sign
    "Data delayed by the storm reached the centre on Monday.",
    "Download speeds doubled after the new cable (PDF files included) was laid.",
    "Sponsor a home (pdf)",  # a list of documents an article gives
    "Thank you for your feedback, the mayor told the residents at the end of the meeting.",
    "Helpful neighbours cleared the snow from the path.",
    "The June 2023 issue of the newsletter sold out.",
    "Read more books, the librarian told the class: it is how writers learn.",
    "Contact Jane Doe at jdoe@example.com.",  # no number: stories that close so keep the line in their text
    "Contact the council at (937) 555-0100 or info@example.gov.",  # no person's name
    "The mayor is a former teacher. She can be reached at 555-0142, her office said.",
    "8:30 AM",  # a time with no zone: a programme's
    "4:14 p.m.",
    "The ferry left at 13.58 GMT and reached the island an hour later.",
])
def test_an_article_line_like_the_probe5_chrome_stays(rules_alone, line):
    stays(rules_alone, line)


@pytest.mark.parametrize("caption, credit", [
    ("Parents fill the board room during Thursday's meeting.", "Staff photo by Tom Reese"),
    ("Tom and Ruth Becker carry a soaked mattress out of their home.", "TIMES PHOTO / MIKE HARLAN"),
    ("Walker Lake at dawn, a few miles north of Hawthorne.", "Ryan Shorosky for The Meridian"),
    ("Smoke rises from a brush fire near State Route 159 on Monday afternoon.", "(KTVN)"),  # a TV station's call sign
])
def test_a_papers_own_credit_under_a_caption_makes_a_caption_record(rules_alone, caption, credit):
    makes_a_caption_record(rules_alone, caption, credit)


@pytest.mark.parametrize("above, below", [
    ("The Christian Science Monitor contributors guidelines", "Op-Ed Guidelines for The Wall Street Journal"),  # a list
    ("Great post, Louie!", "Jim Pappas/Jabba"),  # a forum's signature under a post
])
def test_a_line_under_a_non_caption_stays(rules_alone, above, below):
    both_stay(rules_alone, above, below)


def test_a_wiki_headings_edit_link_goes_and_the_heading_stays(rules_alone):
    result = rules_alone.process(f"{BEFORE}\n\nHistory[edit]\n\n{AFTER}")
    assert result.record.text == f"{BEFORE}\n\nHistory\n\n{AFTER}"
    assert {f.rule.id for f in result.fates if f.rule} == {"edit-heading"}


@pytest.mark.parametrize("heading", ["References[edit]", "External links[edit]", "See also [edit source]"])
def test_a_wikis_heading_of_its_lists_goes_with_its_edit_link(rules_alone, heading):
    result = rules_alone.process(f"{BEFORE}\n\n{heading}\n\n{AFTER}")
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"
    assert {f.rule.id for f in result.fates if f.rule} == {"encyclopedia-chrome"}


def test_an_ap_recaps_up_next_is_the_articles_own_section(rules_alone):
    # AP's sports recaps close with "UP NEXT" over each team's next game: the article's own lines.
    # A video player's "Up Next" over other clips is a related heading, as before.
    recap = f"{BEFORE}\n\nUP NEXT\n\nIslanders: Host the Penguins on Saturday night.\n\nPenguins: At the Rangers on Friday."
    assert all(fate.dest in ("body", "blank") for fate in rules_alone.process(recap).fates)
    player = f"{BEFORE}\n\nUp Next\n\nTapes and Transcripts\n\nDVDs from Amazon.com"
    assert rules_alone.clean(player).text == BEFORE


@pytest.mark.parametrize("card", [
    "Prep Time\n15 minutes\nCook Time\n45 minutes\nServings\n4",  # a recipe card's times: the recipe's own
    "Prep Time\n10 mins\nCook Time\n1 hour 20 mins",
    "Duración\n90 minutos",
])
def test_a_recipe_cards_times_stay(rules_alone, card):
    # A listening time alone on its line is the player's short form ('6 min'); a card's times are
    # written out, under their labels.
    assert all(fate.dest in ("body", "blank") for fate in rules_alone.process(f"{BEFORE}\n\n{card}\n\n{AFTER}").fates)

# The sixth probe: news scrapers' output (newspaper3k's article text), the article with its site's chrome
# left in, of sites with no rule file: promos and footers that end in punctuation, papers' photo credits.
@pytest.mark.parametrize("line, rule", [
    ("Take our poll: Will you change your travel plans because of the weather?", "poll-pitch"),
    ("Subscribe for just $1 a week!", "app-pitch"),
    ("CLICK HERE FOR THE FOX NEWS APP", "app-pitch"),
    ("Get breaking news alerts on your phone: Download the News24 app.", "app-pitch"),
    ("Follow us on Facebook, Twitter and Instagram for the latest news updates.", "follow-pitch"),
    ("Join ST's Telegram channel here and get the latest breaking news delivered to you.", "follow-pitch"),
    ("We pay for your stories! Do you have a story for The Sun news desk? Email us at tips@the-sun.co.uk or call"
     " 0207 78 24 516.", "tip-pitch"),
    ("Do you have a story to sell? Get in touch with us at webnews@mirror.co.uk.", "tip-pitch"),
    ("(With inputs from PTI)", "source-line"),
    ("(Only the headline and picture of this report may have been reworked by the NDTV staff; the rest of the content"
     " is auto-generated from a syndicated feed.)", "reprint-notice"),
    ("Enditem", "press-release-tail"),
    ("This story was originally published December 3, 2019 5:00 AM.", "first-published"),
    ("This report by The Canadian Press was first published Dec. 4, 2019.", "first-published"),
    ("This article originally appeared on The Conversation.", "first-published"),
    ("Originally published as Bushfire emergency downgraded as cooler change reaches Sydney", "first-published"),
    ("RELATED STORIES FROM SACRAMENTO BEE", "related-heading"),
    ("Dec 2, 2019 Updated 8 hrs ago", "time-line"),
    ("Greg Norman is a reporter for Fox News Digital. You can reach him at greg.norman@fox.com.", "contact-line"),
    # first-published's other forms, which its narrowing keeps
    ("This piece first appeared at Tomdispatch.com, a web log of The Nation Institute.", "first-published"),
    ("This article was originally published on The Conversation. Read the original article.", "first-published"),
    ("This article first appeared on The Conversation and is republished under a Creative Commons license.",
     "first-published"),
    ("This story was first published on Dec. 4, 2019.", "first-published"),
])
def test_a_probe6_chrome_line_goes_by_its_rule(rules_alone, line, rule):
    goes_by_its_rule(rules_alone, line, rule)


@pytest.mark.parametrize("line", [
    "Take the poll results with a grain of salt, the pollster said.",
    "Take our advice and book early, the airline told passengers.",
    "Subscribe for the whole season and the club will send you a scarf.",
    "Follow us on Twitter, the police said, for updates on the road closures.",
    "Join the WhatsApp group of the parents' association, the school told families.",
    "Do you have a story about the flood? The museum wants to hear it for its new exhibition.",
    "(With the help of neighbours, the family rebuilt the barn.)",
    "This story was first published in 1851 as a serial in a magazine.",
    "This story was first published by a small press in Boston.",  # names no publication
    "Related stories from the archive were read aloud at the meeting by the librarian.",
    "Greg is a reporter. You can reach him at the office most days.",
    # a first edition told of in a sentence that goes on after the place or the date
    "This story was first published in The New Yorker in 1948, and readers sent more letters about it than about"
    " any other piece of fiction the magazine ran.",
    "This article first appeared in Foreign Affairs in 1947 under the byline \"X\", and it shaped policy for decades.",
    "This report was first published in April, when the virus had barely reached Europe.",
    "Originally published as a serial in 1851, the novel sold poorly in the author's lifetime.",
    # a form's message is sent to you; a sentence tells of one sent to others
    "A message with a confirmation link has been sent to every voter, the commission said on Monday.",
    # the police quoted: the attribution after a comma is the article's
    "Follow us on Facebook for the latest updates on the road closures, the sheriff's office said.",
])
def test_an_article_line_like_the_probe6_chrome_stays(rules_alone, line):
    stays(rules_alone, line)


@pytest.mark.parametrize("caption, credit", [
    ("E-scooter riders along a park connector in Tampines.", "ST PHOTO: KUA CHEE SIONG"),
    ("Union Minister Ravi Shankar Prasad speaks in the Rajya Sabha on Wednesday.", "(PTI Photo)"),
    ("Indigenous Services Minister Marc Miller speaks to reporters in Ottawa.", "THE CANADIAN PRESS/Adrian Wyld"),
    ("Firefighters work to contain a blaze near Wisemans Ferry on Wednesday afternoon.", "(ABC News: Jesse Dorsett)"),
    ("The Medupi power station in Lephalale, Limpopo.", "(Gallo Images / Foto24 / Felix Dlangamandla)"),
    ("Members of the Alpine Rescue Team on Mount Bierstadt on Wednesday morning.", "(Alpine Rescue Team)"),
    ("Snow covers cars in a parking lot as a storm moves through the region.", "The Associated Press"),
    ("Dublin Bus said the pilot would speed up boarding at busy stops.", "Source: Sam Boal/RollingNews.ie"),
    ("Residents line up to speak at Tuesday's council meeting at City Hall.", "Hector Amezcua hamezcua@sacbee.com"),
])
def test_a_credit_under_a_caption_in_a_scrapers_text_makes_a_caption_record(rules_alone, caption, credit):
    makes_a_caption_record(rules_alone, caption, credit)


@pytest.mark.parametrize("above, below", [
    ("Author(s): Howley, Craig B.", "Source: School Administrator, v59 n3 p24-29 Mar 2002"),  # an abstract's source
    ("The agency also proposed a rule on visitors.", "(See F-1 Student Visa.)"),  # a cross-reference
    ("And that's when I realised the bicycle had no pedals at all.", "(Laughter)"),  # a transcript's cues
    ("Thank you all for coming out tonight.", "(Applause)"),
])
def test_a_line_like_a_credit_under_a_sentence_stays(rules_alone, above, below):
    both_stay(rules_alone, above, below)


def test_a_wires_photographer_after_its_name_in_brackets_credits_the_caption(rules_alone):
    line = "Staff members sort parcels at a logistics center in Xingtai, Hebei Province, Nov. 12, 2019. (Xinhua/Mou Yu)"
    record = rules_alone.clean(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert record.text == f"{BEFORE}\n\n{AFTER}"
    assert (record.captions[0].text, record.captions[0].credit) == (line[:-16], "Xinhua/Mou Yu")


@pytest.mark.parametrize("wire", ["The Canadian Press", "Press Trust of India"])
def test_a_wires_name_alone_over_the_story_is_its_byline(rules_alone, wire):
    record = rules_alone.clean(f"{wire}\n\n{BEFORE}\n\n{AFTER}")
    assert record.metadata["authors"] == [wire] and record.text == f"{BEFORE}\n\n{AFTER}"



def test_a_related_carousel_goes_with_its_controls_and_its_cut_headlines(rules_alone):
    # The Daily Mail's box: the heading, the carousel's 'Previous', '1', 'Next', then headlines cut
    # short with '...' (which end in full stops, but are no sentences: the heading vouches for them).
    box = ("RELATED ARTICLES\n\nPrevious\n1\nNext\n\nTown's Christmas tree is branded 'the worst in Britain'...\n"
           "Pensioner, 84, told to take down festive display after...")
    assert rules_alone.clean(f"{BEFORE}\n\n{box}\n\n{AFTER}").text == f"{BEFORE}\n\n{AFTER}"


def test_a_sentence_that_trails_off_with_no_related_heading_above_stays(rules_alone):
    line = "And then, as the lights went out across the town, the council said nothing at all..."
    stays(rules_alone, line)

def test_a_wires_name_under_the_headline_is_its_byline_not_the_title(rules_alone):
    # A whole-page dump keeps the headline over the wire's name: the name was the headline-shaped line
    # nearest the text, so the edges took it for the title and dropped the headline as a menu line.
    page = (f"Nova Scotia to hire 60 more paramedics\n\nThe Canadian Press\n\n"
            f"Published Wednesday, December 4, 2019 1:15PM EST\n\n{BEFORE}\n\n{AFTER}")
    record = rules_alone.clean(page)
    assert record.metadata["title"] == "Nova Scotia to hire 60 more paramedics"
    assert record.metadata["authors"] == ["The Canadian Press"]
    assert record.text == f"{BEFORE}\n\n{AFTER}"


def test_a_wires_sign_off_under_a_paragraph_leaves_the_paragraph_in_the_text(rules_alone):
    # A dump with no blank lines between its paragraphs: the agency's name under the last one is a
    # sign-off, and the paragraph above it (longer than any caption, 320 characters) is the article's.
    last = ("The province said the new paramedics would start work in the spring, and that the money for them "
            "had been set aside in last year's budget, before the election was called, so that no service "
            "would have to close while the new crews were trained in Halifax and Sydney over the winter, a "
            "spokeswoman for the health department told reporters on Tuesday.")
    page = f"{BEFORE}\n\n{AFTER}\n\n{BEFORE}\n\n{AFTER}\n\n{last}\nThe Associated Press"  # (enough text for the guard)
    record = rules_alone.clean(page)
    assert last in record.text and not record.captions


def test_a_byline_with_its_second_name_under_and_names_both(rules_alone):
    # The Washington Post prints each name a link, a line each: 'By Sarah Kaplan', 'and', 'Kevin Crowe'.
    result = rules_alone.process(f"{BEFORE}\n\nBy Sarah Kaplan\n\nand\nKevin Crowe\n\n{AFTER}")
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"
    assert result.record.metadata["authors"] == ["Sarah Kaplan", "Kevin Crowe"]


# The seventh probe: whole-page dumps (html-text) of news pages of 2007-2012, of sites with no rule file.
@pytest.mark.parametrize("line, rule", [
    ("Story continues below ↓", "advertisement"),  # msnbc.com's ad slot
    ("Email article", "back-to-top"),  # Fairfax papers' article tools
    ("E-mail story", "back-to-top"),
    ("Reprint", "site-nav"),  # Dow Jones's article tools
    ("Have your say", "comment-section"),  # UK and Australian papers' comment heading
    ("Have Your Say", "comment-section"),
    ("E-mail | Print | Save | Comments (3)", "share-line"),  # an old paper's tools bar on one line
    ("E-mail | Save | Print | Reprints & Permissions", "share-line"),
    ("Recommend (18) | Comments (45)", "share-line"),
])
def test_a_probe7_chrome_line_goes_by_its_rule(rules_alone, line, rule):
    goes_by_its_rule(rules_alone, line, rule)


def test_a_dow_jones_last_update_line_is_the_updated_field(rules_alone):
    line = "Last update: 3:02 p.m. EDT Sept. 15, 2008"
    result = rules_alone.process(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"
    assert result.record.metadata["updated"] == "3:02 p.m. EDT Sept. 15, 2008"


@pytest.mark.parametrize("line", [
    "Story continues below the fold in the print edition, the editor explained.",
    "Email articles about the merger were sent to every employee on Friday.",
    "Reprint rights to the photograph were sold to a gallery in London.",
    "Have your say on the plan at the library until the end of March, the council said.",
    "Residents will have their say at a public meeting on Thursday.",
    "The last update to the software was released in 2007, the company said.",
    "Last update of the timetable came in May, when two stops were added.",
    "Save, print or e-mail the form before the deadline, the tax office said.",
    "Send in the Clowns",  # a song's title, as a programme lists it
    "Save the Children | Oxfam",  # charities, one line of a list
])
def test_an_article_line_like_the_probe7_chrome_stays(rules_alone, line):
    stays(rules_alone, line)


# The eighth probe's blog and forum platforms (issue 19): the lines their software prints the same way
# on every blog or forum it runs.
@pytest.mark.parametrize("line, rule", [
    ("All times are GMT +1. The time now is 03:12 AM.", "forum-timezone"),  # vBulletin
    ("All times are UTC + 1 hour [ DST ]", "forum-timezone"),  # phpBB
    ("La franja horaria es GMT +1. Ahora son las 03:12.", "forum-timezone"),
    ("You cannot post new topics in this forum", "forum-permissions"),
    ("BB code is On", "forum-permissions"),
    ("No puedes crear nuevos temas", "forum-permissions"),
    ("Вы не можете начинать темы", "forum-permissions"),
    ("Вы не можете отвечать на сообщения", "forum-permissions"),
    ("No puedes responder temas", "forum-permissions"),
    ("Du darfst keine neuen Themen in diesem Forum erstellen.", "forum-permissions"),
    ("Du darfst deine Beiträge in diesem Forum nicht ändern.", "forum-permissions"),
    ("You cannot vote in polls in this forum", "forum-permissions"),
    ("You may not edit your posts", "forum-permissions"),
    ("You must log in or register to reply here.", "forum-permissions"),  # XenForo
    ("This topic was automatically closed 30 days after the last reply. New replies are no longer allowed.", "topic-notice"),
    ("Want to read more? Browse other topics in Vegetables or view latest topics.", "topic-notice"),
    ("Newer Post Older Post Home", "blog-pager"),  # Blogger
    ("Subscribe to: Post Comments (Atom)", "blog-pager"),
    ("► 2009 (14)", "blog-pager"),
    ("View my complete profile", "blog-pager"),
    ("TrackBack URL for this entry:", "trackback-lines"),  # TypePad, Movable Type
    ("Listed below are links to weblogs that reference The trouble with loyalty cards:", "trackback-lines"),
    ("Click to expand...", "post-tools"),  # XenForo
    ("Like Reply Report", "post-tools"),
    ("Thread starter dan_the_builder", "post-tools"),
    ("Start date Jan 12, 2019", "post-tools"),
    ("#2", "post-tools"),
    ("Профиль ЛС", "post-tools"),  # phpBB2
    ("Display posts from previous: All posts Oldest First", "post-tools"),
    ("Citar", "post-tools"),  # vBulletin's quote button
    ("Fecha de Ingreso: marzo-2006", "post-tools"),
    ("Join Date: Jun 2011", "post-tools"),
    ("submitted 6 years ago by quietcartographer", "post-tools"),  # old Reddit
    ("[–]BeeKeeperBill 4,182 points 6 years ago", "post-tools"),
    ("load more comments (214 replies)", "post-tools"),
    ("(smithsonianmag.com)", "post-tools"),
    ("Сообщения: 214", "counter"),
    ("Mensajes: 8.412", "counter"),
    ("all 3,412 comments", "counter"),
    ("12 Restacks", "counter"),  # Substack
    ("Вернуться к началу", "back-to-top"),
    ("Nach oben", "back-to-top"),
    ("Email this entry", "back-to-top"),
    ("Teilen mit:", "share-heading"),  # WordPress in its translations
    ("Gefällt mir:", "share-heading"),
    ("Me gusta esto:", "share-heading"),
    ("Gefällt mir Wird geladen …", "like-loading"),
    ("Me gusta Cargando...", "like-loading"),
    ("Schreibe einen Kommentar Antworten abbrechen", "comment-section"),
    ("Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.", "comment-section"),
    ("Kommentar abschicken", "comment-section"),
    ("Stolz präsentiert von WordPress", "powered-by"),
    ("Build a website with WordPress.com", "powered-by"),
    ("Type your email…", "newsletter-pitch"),  # Substack's form
    ("Get every new post delivered to your Inbox.", "newsletter-pitch"),  # WordPress.com's follow box
    ("Join 212 other followers", "newsletter-pitch"),
    ("Similar threads", "related-heading"),
    ("Suggested Topics", "related-heading"),
    ("Recent Posts", "blog-widget"),  # a blog's sidebar
    ("Blogroll", "blog-widget"),
    ("Subscribe to this blog's feed", "blog-widget"),
    ("Search:", "blog-widget"),
    ("Password", "blog-widget"),
    ("Use of this site constitutes acceptance of our User Agreement and Privacy Policy.", "terms-acceptance"),
    ("Use of and/or registration on any portion of this site constitutes acceptance of our Terms of Use and Privacy Policy",
     "terms-acceptance"),
    ("Use of this site is governed by our Terms of Use and Privacy Policy.", "terms-acceptance"),
    ("Sun Mon Tue Wed Thu Fri Sat", "blog-widget"),  # a calendar's head
    ("Remember me | Forgot password?", "blog-widget"),
    ("Add me to your TypePad People list", "blog-widget"),
    ("This work is licensed under a Creative Commons License.", "licence-line"),
    ("This weblog is licensed under a Creative Commons Attribution-NonCommercial 3.0 Unported License.", "licence-line"),
    ("Powered by TypePad", "powered-by"),
    ("Powered by Movable Type 3.15", "powered-by"),
    ("Sorry, your blog cannot share posts by email.", "form-message"),  # WordPress's share-by-email box
    ("Post was not sent - check your email addresses!", "form-message"),
])
def test_a_probe8_chrome_line_goes_by_its_rule(rules_alone, line, rule):
    goes_by_its_rule(rules_alone, line, rule)


@pytest.mark.parametrize("line, fields", [
    ("Labels: beans, seed saving, autumn jobs", {"tags": ["beans", "seed saving", "autumn jobs"]}),  # Blogger
    ("Schlagwörter: Roggen, Sauerteig", {"tags": ["Roggen", "Sauerteig"]}),
    ("Kategorien: Brot, Sauerteig", {"categories": ["Brot", "Sauerteig"]}),
    ("This entry was posted in Portugal, Walking and tagged camino, pilgrimage. Bookmark the permalink.",
     {"categories": ["Portugal", "Walking"], "tags": ["camino", "pilgrimage"]}),  # WordPress's Twenty Ten
])
def test_a_probe8_tag_or_category_line_fills_its_fields(rules_alone, line, fields):
    record = rules_alone.clean(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert record.text == f"{BEFORE}\n\n{AFTER}"
    assert {k: record.metadata.get(k) for k in fields} == fields


@pytest.mark.parametrize("lines, rule", [
    (["Current Mood: relieved", "Current Music: the fridge humming again"], "journal-mood"),  # LiveJournal
    (["created", "Jul '19", "last reply", "Jul '19", "3", "replies", "1.2k", "views"], "topic-map"),  # Discourse
    (["gardenergreg", "Jul 2019"], "poster-date"),
    (["mike_r", "Distinguished", "Jan 13, 2019", "#3"], "post-number"),  # XenForo
    (["dan_the_builder", "Jan 14, 2019", "#4"], "post-number-short"),
    (["spokesman", "Moderator", "Join Date: Feb 2006", "Posts: 7,812"], "poster-card-ranked"),  # vBulletin
    (["Серёга_77", "Зарегистрирован: Ср мар 12, 2008 10:15", "Сообщения: 214", "Откуда: Дмитров"], "poster-card"),
    (["Helix said: ↑", "650W is plenty.", "Click to expand..."], "forum-quote"),
])
def test_a_probe8_chrome_block_goes_by_its_rule(rules_alone, lines, rule):
    block = "\n".join(lines)
    result = rules_alone.process(f"{BEFORE}\n\n{block}\n\n{AFTER}")
    assert {(f.dest, f.rule.id) for f in result.fates if f.text in lines} == {("removed", rule)}
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("line", [
    "All times are GMT.",  # a schedule's note: no offset, no clock
    "You cannot post new topics on the old site, the administrators said in a statement.",
    "Closed on Mondays",
    "Labels: a guide to what the new food packaging symbols mean for shoppers.",
    "Report",  # a document's section heading (the development set's gold keeps one)
    "Mood: calm",  # one line alone: a profile's, not a journal's pair
    "Gefällt mir",
    "Newer posts are listed first, and older ones sit in the archive below them.",
    "Archives",  # a heading the development set's gold keeps as an article's
    "Use of this site is subject to a permit from the county, the ranger said.",
    "Use of this site is subject to a permit from the county",
    "The photos in this work are licensed under a Creative Commons licence, the museum said.",
    # what a reader may do, in a how-to or a privacy page, not a forum's permissions
    "No puedes borrar lo que ya has publicado en internet.",
    "Вы можете скачивать приложение бесплатно.",
    "Вы можете добавлять комментарии к фотографиям в галерее.",
    "Du darfst deine Daten jederzeit löschen.",
    "You may download the full report and all its attachments",
    # a legal page's own terms, or a law's, not a footer's note that using the site accepts them
    "Welcome to Acme Inc. Use of this site is subject to the following terms and conditions, which you should read carefully.",
    "Use of this website is governed by the following terms, and by continuing you agree to them in full.",
    "By law, use of this site is subject to the rules set out in Section 4 of the Act.",
])
def test_an_article_line_like_the_probe8_chrome_stays(rules_alone, line):
    stays(rules_alone, line)


def test_a_capitalised_word_over_a_month_is_no_poster_and_date(rules_alone):
    both_stay(rules_alone, "Paris", "Jun 2019")


def test_a_name_alone_over_counts_apart_stays(rules_alone):
    """A post's last line, one word, over a blank line and two count lines: no rank, so no card over
    them; the counts go on their own (post-tools, counter), the word stays."""
    page = f"{BEFORE}\n\nThanks!\n\nJoin Date: Jun 2011\nPosts: 4\n\n{AFTER}"
    assert rules_alone.clean(page).text == f"{BEFORE}\n\nThanks!\n\n{AFTER}"


def test_a_posts_last_line_over_the_next_card_stays(rules_alone):
    """A post's sign-off, its writer's name, right above the next poster's card and rank: the card goes, the name stays."""
    page = f"{BEFORE}\n\nWayne\nsupport-scott\nModerator\nJoined: May 05, 2003\nPosts: 6266\n\n{AFTER}"
    assert rules_alone.clean(page).text == f"{BEFORE}\n\nWayne\n\n{AFTER}"


# Dumps made by other tools than html-text (the ninth probe): what lynx, w3m, html2text and Inscriptis
# print of a page's links and images, alone on a line.
@pytest.mark.parametrize("line, rule", [
    ("#[1]Northern Echo Courier RSS [2]alternate", "link-marks"),  # lynx: the page's <link> tags, at the top
    ("[IMG]", "link-marks"),  # lynx: an image without alt text
    ("[INLINE] [INLINE]", "link-marks"),
    ("[image]", "link-marks"),  # w3m
    ("* [Home](/)", "markdown-links"),  # html2text: a menu's item
    ("[Share on Facebook](https://www.facebook.com/sharer/sharer.php?u=x) [Email](mailto:?subject=Drought)", "markdown-links"),
    ("![Bewl Water reservoir at 52% of capacity](https://cdn.example.co.uk/img/bewl-water.jpg)", "markdown-links"),
    ("[![The Southern Chronicle](/static/img/logo.svg)](/)", "markdown-links"),  # a logo that links home
    ("**Read more:** [Farmers warn of poor harvest as fields dry out](/news/4398)", "markdown-links"),
    ("1. [Ferry passengers stranded at Dover for eight hours](/news/4402)", "markdown-links"),
    ("[About us](/about) | [Contact](/contact) | [Privacy](/privacy)", "markdown-links"),
])
def test_a_dump_tools_link_or_image_line_goes_by_its_rule(rules_alone, line, rule):
    goes_by_its_rule(rules_alone, line, rule)


def test_lynxs_list_of_references_goes_with_its_heading(rules_alone):
    refs = ["References", "1. https://www.example.co.uk/news/rss/", "2. mailto:?subject=Hospital%20trust",
            "Hidden links:", "3. javascript:void(0)"]
    result = rules_alone.process(f"{BEFORE}\n\n{AFTER}\n\n{refs[0]}\n\n" + "\n".join(refs[1:]))
    assert {(f.dest, f.rule.id) for f in result.fates if f.text in refs} == {("removed", "link-references")}
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("line", [
    "References",  # an article's heading over its sources, with no list of addresses under it
    "The [report](https://example.org/report.pdf) says the bridge needs repair within five years.",  # a link inside a sentence
    "[12]The council said on Tuesday that the bridge would stay closed until the spring.",  # a lynx link mark before a sentence
    "# Posted 4:15 PM by David Adesnik",  # a '#' before a blog's post header (the development set's gold keeps it)
    "[Editor's note: this story has been updated to correct the date of the vote.]",  # brackets, no address
])
def test_an_article_line_like_a_dump_tools_link_line_stays(rules_alone, line):
    stays(rules_alone, line)


# The ninth probe's chrome in other languages than English, and a browser's copy of a cookie notice's buttons.
@pytest.mark.parametrize("line, rule", [
    ("Tempo di lettura: 3 minuti", "reading-time"),
    ("Potrebbe interessarti anche: Ragù alla bolognese, la ricetta della domenica", "read-also"),
    ("Wir verwenden Cookies und ähnliche Technologien, um Inhalte und Werbung zu personalisieren.", "cookie-notice"),
    ("Nous utilisons des cookies pour améliorer votre expérience sur notre site.", "cookie-notice"),
    ("Utilizziamo i cookie per offrirti la migliore esperienza sul nostro sito.", "cookie-notice"),
    ("Alle akzeptieren\tEinstellungen\tNur notwendige", "cookie-buttons"),  # a browser's copy joins them with tabs
    ("Tout accepter", "cookie-buttons"),
    ("Accept all Reject all", "cookie-buttons"),
    ("Sign up for Guardian Australia's free morning and afternoon email newsletters for your daily news roundup",
     "newsletter-pitch"),
])
def test_a_probe9_chrome_line_goes_by_its_rule(rules_alone, line, rule):
    result = rules_alone.process(f"{BEFORE}\n\n{line}\n\n{AFTER}")
    assert [(f.dest, f.rule.id) for f in result.fates if f.dest not in ("body", "blank")] == [("removed", rule)]
    assert result.record.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("line", [
    "Einstellungen",  # a settings heading alone: no button before it
    "Il tempo di lettura di un romanzo dipende da molte cose, dice lo studio.",
    "Potrebbe interessarti sapere che il ponte fu costruito nel 1890.",  # no colon after it: a sentence
    "Wir verwenden seit Jahren dasselbe Rezept, sagt die Bäckerin.",
    "Researchers who sign up for the study will receive the results by email.",
])
def test_an_article_line_like_the_probe9_chrome_stays(rules_alone, line):
    stays(rules_alone, line)

def test_an_events_place_and_music_are_no_journals_mood(rules_alone):
    """A listing's 'Location:' over 'Music:' (capitalised, no 'Current', no mood) is the article's;
    LiveJournal's pair says 'Current …' or holds a mood."""
    both_stay(rules_alone, "Location: Town Hall, Main Street", "Music: The Valley Jazz Trio")
    both_stay(rules_alone, "Music: Bach, Handel and Vivaldi", "Location: St Mary's Church")


@pytest.mark.parametrize("lines", [
    ["mood: awake", "music: Radiohead - Kid A"],  # the journal styles that print the labels in lower case
    ["Current Location: home", "Current Mood: tired"],
    ["Mood: tired", "music: nothing"],
])
def test_a_journals_mood_and_music_go(rules_alone, lines):
    block = "\n".join(lines)
    result = rules_alone.process(f"{BEFORE}\n\n{block}\n\n{AFTER}")
    assert {(f.dest, f.rule.id) for f in result.fates if f.text in lines} == {("removed", "journal-mood")}

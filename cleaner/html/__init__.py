"""HTML pages: the body from trafilatura, the figures and metadata from the page itself.

Figures (``figure``/``figcaption``, images with alt or title, caption and credit elements by
common class names or by the site's own selectors) are read from the tree first, with the
paragraphs around them; then trafilatura extracts the body. Each figure whose neighbouring
paragraph is in the body is written into the text at that place as its own lines (caption,
credit, alt), and a generated rule per figure takes exactly those lines, so the engine places
captions and accounts for lines as it does for any text dump, and the site's and the shared text
rules run over the extracted text: one rule file serves dumps and HTML alike. Two things the
extractor loses are read and placed the same way, as body lines: posts embedded in the article
(tweets), which it drops with their widget, and the rest of an article split into like
containers, of which it keeps one.

Metadata comes from what the page says of itself: meta tags and JSON-LD (title, authors, tags,
section, site name, url), and the publication date by htmldate without its extensive text search:
the head's meta tags, JSON-LD and the url first, then date elements, and last a whole date written
in the page (on 143 of the 821 development pages that last step gives the date).

``extraction`` (the body), ``choice`` (which extractor's text), ``figures`` (figures, embeds and passages,
and the tree helpers that place them), ``metadata`` (what the page says of itself).
"""

from cleaner.html.extraction import MODES, ExtractionError, Extracted, drop_code, extract, looks_like_html
from cleaner.html.figures import Figure, Passage, read_chunks, read_embeds, read_figures, split_credit
from cleaner.html.metadata import page_metadata, read_headlines, read_standfirsts

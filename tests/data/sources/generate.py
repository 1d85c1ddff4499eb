# ruff: noqa: E501  (the fixtures are HTML and XML templates, one line per element)
"""Writes the reader fixtures from the sample articles (examples/articles/*.txt), so that every format
carries exactly the same body: `python tests/data/sources/generate.py` after a sample changes.

Three page styles (a WordPress-like theme, a page with JSON-LD and heavy markup, a bare page), an RSS 2.0
feed and an Atom feed with the full text, an Atom feed of summaries that link to the pages, and ninjs
documents (2.x with headlines/bodies, and the flat 1.x names body_text/body_html).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from kg.article import read_article

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SITE = "https://news.example.org"
PUBLISHER = "The Example Chronicle"
HEADLINES = {
    "2022-04-03-khan-no-confidence": "Imran Khan refuses to accept no-confidence vote, blaming an American conspiracy",
    "2022-07-07-johnson-resigns": "Boris Johnson resigns as Conservative leader after government revolt",
    "2023-02-06-turkey-earthquake": "Magnitude 7.8 earthquake kills thousands in southern Turkey and Syria",
}
SECTIONS = {
    "2022-04-03-khan-no-confidence": "World",
    "2022-07-07-johnson-resigns": "Politics",
    "2023-02-06-turkey-earthquake": "World",
}
E = html.escape


def headline(stem: str, art) -> str:
    """The page's own headline: written for the samples, the text form's guess for the benchmark's."""
    return HEADLINES.get(stem) or art.headline


def section(stem: str) -> str:
    return SECTIONS.get(stem, "World")


def samples() -> list[tuple[str, object]]:
    return [(p.stem, read_article(p)) for p in sorted((ROOT / "examples/articles").glob("*.txt"))]


def url_of(stem: str) -> str:
    date, slug = stem[:10], stem[11:]
    return f"{SITE}/{date.replace('-', '/')}/{slug}"


def paragraphs(art) -> list[str]:
    return art.body.split("\n\n")


def description(art) -> str:
    return paragraphs(art)[0][:150].rsplit(" ", 1)[0] + "…"


def wordpress(stem: str, art) -> str:
    ps = "\n".join(f"<p>{E(p)}</p>" for p in paragraphs(art))
    authors = ", ".join(
        f'<span class="author vcard"><a class="url fn n" href="{SITE}/author/{a.lower().replace(" ", "-")}/">{E(a)}</a></span>'
        for a in art.authors
    )
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(headline(stem, art))} &#8211; {PUBLISHER}</title>
<link rel="canonical" href="{url_of(stem)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{E(headline(stem, art))}">
<meta property="og:url" content="{url_of(stem)}">
<meta property="og:site_name" content="{PUBLISHER}">
<meta property="article:published_time" content="{art.date.isoformat()}T08:00:00+00:00">
<meta property="article:section" content="{section(stem)}">
<meta name="author" content="{E("; ".join(art.authors))}">
<link rel="stylesheet" id="wp-block-library-css" href="/wp-includes/css/dist/block-library/style.min.css" media="all">
<script src="/wp-includes/js/jquery/jquery.min.js"></script>
</head>
<body class="post-template-default single single-post postid-{len(art.body)} single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">{PUBLISHER}</a></p>
<p class="site-description">News you can check</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/category/world/">World</a></li><li><a href="/category/politics/">Politics</a></li>
<li><a href="/category/business/">Business</a></li><li><a href="/about/">About us</a></li></ul></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{len(art.body)}" class="post type-post status-publish format-standard hentry category-{section(stem).lower()}">
<header class="entry-header">
<h1 class="entry-title">{E(headline(stem, art))}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{url_of(stem)}" rel="bookmark"><time class="entry-date published" datetime="{art.date.isoformat()}T08:00:00+00:00">{art.date.strftime("%B %-d, %Y")}</time></a></span>
<span class="byline"> by {authors}</span></div>
</header>
<div class="entry-content">
{ps}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/{section(stem).lower()}/" rel="category tag">{section(stem)}</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links"><div class="nav-previous"><a href="/previous/" rel="prev">Previous post</a></div>
<div class="nav-next"><a href="/next/" rel="next">Next post</a></div></div></nav>
</main></div>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/">
<label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" name="s"></label>
<input type="submit" class="search-submit" value="Search"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a href="/a/">Markets close higher on a quiet day</a></li><li><a href="/b/">City council approves the new budget</a></li></ul></section>
</aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</div>
</body>
</html>
"""


def jsonld_data(stem: str, art) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url_of(stem)},
        "url": url_of(stem),
        "headline": headline(stem, art),
        "description": description(art),
        "image": [f"{SITE}/images/{stem}.jpg"],
        "datePublished": f"{art.date.isoformat()}T07:30:00+00:00",
        "dateModified": f"{art.date.isoformat()}T18:05:00+00:00",
        "author": [{"@type": "Person", "name": a} for a in art.authors],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": PUBLISHER,
            "logo": {"@type": "ImageObject", "url": f"{SITE}/logo.png"},
        },
        "articleSection": section(stem),
        "inLanguage": "en-GB",
        "keywords": ["politics", section(stem).lower()],
    }


def heavy(stem: str, art) -> str:
    ps = "\n".join(
        f'<p class="story-body__paragraph">{E(p)}</p>'
        + (
            '\n<div class="ad ad-inline" data-slot="mid"><span class="ad-label">Advertisement</span><iframe src="/ads/slot.html" title="ad"></iframe></div>'
            if i == 1
            else ""
        )
        for i, p in enumerate(paragraphs(art))
    )
    ld = json.dumps(jsonld_data(stem, art), ensure_ascii=False, indent=1)
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 1,
                "name": section(stem),
                "item": f"{SITE}/{section(stem).lower()}",
            }
        ],
    }
    return f"""<!doctype html>
<html lang="en-GB" class="no-js">
<head>
<meta charset="utf-8">
<title>{E(headline(stem, art))} | {PUBLISHER}</title>
<link rel="canonical" href="{url_of(stem)}">
<meta name="description" content="{E(description(art))}">
<meta property="og:type" content="article">
<meta property="og:image" content="{SITE}/images/{stem}.jpg">
<script type="application/ld+json">{json.dumps(crumbs)}</script>
<script type="application/ld+json">
{ld}
</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article", "section": "{section(stem)}"}});</script>
<style>.ad{{min-height:250px}} .cookie-banner{{position:fixed}}</style>
</head>
<body>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience. By continuing you accept our use of cookies.</p><button>Accept all</button><button>Manage settings</button></div>
<div class="ad ad-leaderboard" data-slot="top"><span class="ad-label">Advertisement</span></div>
<header class="masthead"><a class="logo" href="/">{PUBLISHER}</a>
<nav class="primary-nav" aria-label="Sections"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/science">Science</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form>
<a class="subscribe" href="/subscribe">Subscribe for 1 euro a week</a>
</header>
<main id="main-content">
<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/{section(stem).lower()}">{section(stem)}</a></nav>
<article class="story">
<header class="story-header">
<h1 class="story-headline">{E(headline(stem, art))}</h1>
<p class="story-byline">By {E(" and ".join(art.authors))}</p>
<time class="story-date" datetime="{art.date.isoformat()}T07:30:00+00:00">{art.date.strftime("%-d %B %Y")}</time>
<div class="share-tools"><a href="#share-fb">Share on Facebook</a> <a href="#share-x">Share on X</a> <a href="#email">Email</a></div>
</header>
<figure class="story-image"><img src="/images/{stem}.jpg" alt=""><figcaption>Photograph: Agency</figcaption></figure>
<div class="story-body" itemprop="articleBody">
{ps}
</div>
<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our newsletter and get the day's top stories in your inbox.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></div>
</article>
<aside class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/r1">Five things to know about the week ahead in politics</a></li>
<li><a href="/r2">Analysis: what happens next for the governing party</a></li>
<li><a href="/r3">Live: reaction from around the world as events unfold</a></li></ul></aside>
<section class="comments" id="comments"><h2>Comments (3)</h2>
<div class="comment"><p class="comment-author">reader_42</p><p class="comment-text">I cannot believe this is happening again. Someone should have seen it coming months ago.</p></div>
<div class="comment"><p class="comment-author">JaneD</p><p class="comment-text">Good reporting as always, thank you for keeping us informed about this story.</p></div>
<div class="comment"><p class="comment-author">skeptic</p><p class="comment-text">We will see what the next week brings; I would not trust any of them.</p></div>
</section>
<div class="ad ad-outbrain"><h4>Around the web</h4><a href="/sp1">You will not believe what this town did with its old railway station</a><a href="/sp2">Doctors hate this one simple trick for better sleep</a></div>
</main>
<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>© 2026 {PUBLISHER}. All rights reserved.</p></footer>
</body>
</html>
"""


def bare(stem: str, art) -> str:
    ps = "\n".join(f"<p>{E(p)}</p>" for p in paragraphs(art))
    return f"""<html>
<head>
<title>{E(headline(stem, art))}</title>
<meta name="author" content="{E(", ".join(art.authors))}">
<meta name="date" content="{art.date.isoformat()}">
</head>
<body>
<h1>{E(headline(stem, art))}</h1>
{ps}
</body>
</html>
"""


def rss(items: list[tuple[str, object]]) -> str:
    out = []
    for stem, art in items:
        content = "".join(f"<p>{E(p)}</p>" for p in paragraphs(art))
        out.append(f"""  <item>
    <title>{E(headline(stem, art))}</title>
    <link>{url_of(stem)}</link>
    <guid isPermaLink="true">{url_of(stem)}</guid>
    <pubDate>{art.date.strftime("%a, %d %b %Y")} 08:00:00 +0000</pubDate>
{"".join(f"    <dc:creator>{E(a)}</dc:creator>" + chr(10) for a in art.authors)}    <category>{section(stem)}</category>
    <description>{E(description(art))}</description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{PUBLISHER}</title>
  <link>{SITE}/</link>
  <description>Latest stories</description>
  <language>en-gb</language>
{chr(10).join(out)}
</channel>
</rss>
"""


def atom(items: list[tuple[str, object]], full: bool) -> str:
    out = []
    for stem, art in items:
        content = "".join(f"<p>{E(p)}</p>" for p in paragraphs(art))
        link = url_of(stem) if full else f"pages/jsonld/{stem}.html"
        body = (
            f'    <content type="html">{E(content)}</content>\n'
            if full
            else f"    <summary>{E(description(art))}</summary>\n"
        )
        out.append(f"""  <entry>
    <title>{E(headline(stem, art))}</title>
    <link rel="alternate" type="text/html" href="{link}"/>
    <id>{url_of(stem)}</id>
    <published>{art.date.isoformat()}T08:00:00Z</published>
    <updated>{art.date.isoformat()}T19:00:00Z</updated>
{"".join(f"    <author><name>{E(a)}</name></author>" + chr(10) for a in art.authors)}    <category term="{section(stem)}"/>
{body}  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>{PUBLISHER}</title>
  <id>{SITE}/</id>
  <updated>2023-02-06T19:00:00Z</updated>
  <link rel="self" href="{SITE}/feed.atom"/>
{chr(10).join(out)}
</feed>
"""


def ninjs(stem: str, art, style: int) -> dict:
    common = {
        "uri": url_of(stem),
        "type": "text",
        "language": "en",
        "versioncreated": f"{art.date.isoformat()}T09:15:00Z",
        "firstcreated": f"{art.date.isoformat()}T07:00:00Z",
        "located": {
            "2022-04-03-khan-no-confidence": "Islamabad",
            "2022-07-07-johnson-resigns": "London",
            "2023-02-06-turkey-earthquake": "Gaziantep",
        }[stem],
        "subject": [
            {
                "name": section(stem).lower(),
                "uri": f"http://cv.iptc.org/newscodes/mediatopic/{section(stem).lower()}",
            }
        ],
    }
    body_html = "".join(f"<p>{E(p)}</p>" for p in paragraphs(art))
    if style == 0:  # ninjs 2.x: headlines, bodies, bylines
        return {
            "standard": {
                "name": "ninjs",
                "version": "2.0",
                "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json",
            },
            **common,
            "headlines": [{"role": "main", "value": headline(stem, art)}],
            "bodies": [{"role": "main", "contenttype": "text/html", "value": body_html}],
            "descriptions": [
                {"role": "summary", "contenttype": "text/plain", "value": description(art)}
            ],
            "copyrightholder": PUBLISHER,
            "by": ", ".join(art.authors[:-1])
            + (" and " if len(art.authors) > 1 else "")
            + art.authors[-1],
        }
    flat = {
        **common,
        "copyrightholder": PUBLISHER,
        "headline": headline(stem, art),
        "description_text": description(art),
        "by": " and ".join(art.authors),
    }
    if style == 1:
        return {**flat, "body_text": art.body}
    return {**flat, "body_html": body_html}


def main() -> None:
    items = samples()
    for style, render in (("wordpress", wordpress), ("jsonld", heavy), ("bare", bare)):
        folder = HERE / "pages" / style
        folder.mkdir(parents=True, exist_ok=True)
        for stem, art in items:
            (folder / f"{stem}.html").write_text(render(stem, art), encoding="utf-8")
    feeds = HERE / "feeds"
    feeds.mkdir(exist_ok=True)
    (feeds / "latest.rss").write_text(rss(items), encoding="utf-8")
    (feeds / "latest.atom").write_text(atom(items, True), encoding="utf-8")
    (HERE / "links.atom").write_text(atom(items, False), encoding="utf-8")
    folder = HERE / "ninjs"
    folder.mkdir(exist_ok=True)
    for i, (stem, art) in enumerate(items):
        (folder / f"{stem}.json").write_text(
            json.dumps(ninjs(stem, art, i % 3), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()

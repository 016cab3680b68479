"""Recognising site chrome in plain text: the lexicon of lines no article body contains.

Patterns are the stock phrases of publishing platforms (WordPress, Blogger, Disqus,
wpDiscuz, share widgets, cookie banners) in English, German, French and Spanish,
the languages of the pages we calibrate on (trafilatura's evaluation set).
A pattern only ever matches a *short* line (``CHROME_MAX_WORDS``): a sentence of
the article that happens to say "share" or "comment" is never chrome.
"""

from __future__ import annotations

import re

# Lines longer than this are prose even when they contain a chrome phrase.
# Checked on the trafilatura set: chrome lines it marks `without` are ≤ 12 words
# in 97 % of cases, body sentences mentioning "teilen"/"share" are longer.
CHROME_MAX_WORDS = 14


def _phrases(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


# A line made only of these is chrome wherever it sits.
_CHROME = _phrases(
    # sharing and following
    r"\bshare\b|\bteilen\b|\bpartager\b|\bcompartir\b|\btweet\b|\bpin it\b|\bretweet\b",
    r"\bfollow (?:us|me)\b|\bfolge(?:n)? sie uns\b|\bfolgen\b.*\b(?:twitter|facebook|instagram)\b",
    r"\bsubscribe\b|\babonnieren\b|\bnewsletters?\b|\bs'abonner\b|\bsuscr[ií]be",
    r"\bclick here\b|\bklicken sie hier\b|\bhier klicken\b|\bopens? in (?:a )?new window\b",
    r"^(?:facebook|twitter|x|linkedin|whatsapp|telegram|pinterest|reddit|e-?mail|print|"
    r"drucken|instagram|youtube|tumblr|xing|flipboard|pocket|rss)(?:[\s,|/•·]+|$)+$",
    # comments and comment forms
    r"\bleave a (?:reply|comment)\b|\bpost a comment\b|\badd (?:a )?comment\b",
    r"\bkommentar(?:e)? (?:schreiben|hinzufügen|verfassen|abgeben)\b|\bschreibe einen kommentar\b",
    r"\byour email address will not be published\b|\brequired fields are marked\b",
    r"\bdeine e-mail-adresse wird nicht veröffentlicht\b|\bpflichtfelder sind\b",
    r"\bnotify (?:me|of)\b|\binline feedbacks?\b|\bview all comments\b|\bload more comments\b",
    r"\bnewest\b.*\boldest\b|\boldest\b.*\bnewest\b|\bmost voted\b",
    r"^\d+\s+(?:comments?|kommentare?|responses?|replies|antworten)\b",
    r"\bno comments?\b|\bkeine kommentare\b|\bbe the first to comment\b",
    # ratings, votes, counters
    r"\barticle rating\b|\brate this\b|\bwie bewerten sie\b|\bbewertung(?:en)?\b:?$",
    r"^\d+\s+\d+\s+votes?\b|^\d+(?:[.,]\d+)?\s*(?:/\s*\d+)?\s*(?:stars?|sterne)\b",
    r"^(?:\d+\s*)?(?:likes?|gefällt mir|views?|aufrufe)\b",
    # widgets, navigation, site furniture
    r"\bblog widget\b|\blinkwithin\b|\bpowered by\b|\bproudly powered\b|\btheme by\b",
    r"\bcookies?\b|\bdatenschutz(?:erklärung)?\b|\bprivacy policy\b|\bimpressum\b",
    r"\ball rights reserved\b|\balle rechte vorbehalten\b|^©|^\(c\)\s|^copyright\b",
    r"^(?:home|startseite|menu|menü|navigation|suche|search|login|log in|anmelden|"
    r"registrieren|sign up|sign in|kontakt|contact(?: us)?|about(?: us)?|über uns|"
    r"nach oben|back to top|top|skip to (?:main )?content|zum inhalt springen)\b[\s:»>›]*$",
    r"^(?:previous|next|vorheriger?|nächster?|older|newer|ältere|neuere)\s+"
    r"(?:post|article|beitrag|artikel|entries|einträge|story)\b",
    r"^(?:tags?|schlagwörter|schlagworte|kategorien?|categories|filed under|"
    r"getaggt mit|posted in|veröffentlicht in|abgelegt unter)\s*:",
    r"^[(\[]?(?:foto|photo|bild|image|picture|quelle|source|credit|grafik|fotos?)s?\s*:",
    r"\b(?:e-?mail-adresse|email address|adresse e-mail|correo electrónico)\b.{0,40}$",
    r"\b(?:enter|gib|geben sie) (?:your|deine|ihre) e-?mail\b",
    r"\bletters? to the editor\b|\bleserbrief\b|\bjetzt neu\b|\bfan-?shop\b",
    r"^\d+\s+(?:artikel|articles|beiträge|posts)$",
    r"^(?:über|about) (?:den autor|die autorin|the author)",
    r"\bphotograph(?:ed)? by\b|\bgetty images\b|\bimago\b|\bdpa-bildfunk\b|\bshutterstock\b",
    r"^(?:read (?:also|next|more)|see also|also read|lesen sie (?:auch|mehr)|mehr dazu)\b",
    r"\bread more\b|\bweiterlesen\b|\bmehr lesen\b|\blire la suite\b|\bleer más\b|"
    r"\bcontinue reading\b",
    r"\badvertisement\b|\banzeige\b|\bwerbung\b|\bpublicité\b|\bpublicidad\b|\bsponsored\b",
    r"^(?:aktualisiert|updated|veröffentlicht|published|erstellt|stand)\s*(?:am|on)?\s*:",
    r"^source site$|^quelle$|^via\b|^(?:à lire aussi|lire aussi|lea también|lea)\s*[:»]",
    r"\bpost your story\b|\bsubmit (?:your|a) story\b|\bthink your friends would\b",
    # print and save buttons, picture credits, author boxes (issue 18: errors by kind)
    r"\brezept drucken\b|\bprint (?:recipe|article)\b|\b(?:bei|auf|on|to) pinterest "
    r"(?:speichern|merken|save)\b|^(?:udostępnij|partager sur|share on)\b",
    r"^titelbild\s*:|^(?:fotos?|photos?|bild(?:er)?|zeichnung(?:en)?|grafik|illustration)\s*©|"
    r"^picture alliance\b",
    r"^autoreninfo$|^so erreichen sie\b|^zur artikelübersicht$|^beitragseinreichung$|"
    r"^quellenangaben\s*:?$|^weiter\s*»$|^interessantes aus unserem\b|^reklama$|"
    r"^inhaltsverzeichnis$|^【纠错】$|^vos réactions\b|^noch mehr infos\b",
)
# Notices that run to a full sentence or two but are never the article: cookie
# consent, licence and copyright statements, donation and subscription appeals.
NOTICE_MAX_WORDS = 60
_NOTICE = _phrases(
    r"\b(?:uses?|verwendet|nutzt|utilise|utiliza)\b.{0,60}\bcookies?\b",
    r"\bcookies?\b.{0,80}\b(?:consent|agree|accept|einverstanden|zustimm|akzept|accept)",
    r"\bcreative commons\b|\blizenziert\b|\blicensed under\b",
    r"\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|"
    r"\btodos los derechos reservados\b|\bprawa zastrzeżone\b|\bchroniony prawem autorskim\b",
    r"\b(?:by continuing to (?:use|browse)|wenn sie (?:die|diese) (?:website|seite) weiter)",
    r"\b(?:unterstützen sie|support (?:us|our journalism)|jetzt spenden|donate now)\b",
    # newsletter and app appeals, comment-form and contact-form consent, disclaimers
    r"\b(?:sign up|subscribe|receive|get|abonnieren sie|erhalten sie)\b.{0,60}\bnewsletters?\b",
    r"\bnewsletters?\b.{0,60}\b(?:sign up|subscribe|abonnieren|anmelden|inbox)\b",
    r"\bdownload (?:the|our) .{0,40}\bapps?\b|\bletters? to the editor\b",
    r"\b(?:datenschutzerklärung|privacy policy)\b.{0,40}\b(?:gelesen|einverstanden|agree|read)\b",
    r"\bdiese website verwendet akismet\b|\bthis site uses akismet\b",
    r"^disclaimer\b|\bthe advertising disclaimer\b",
    # consent to embedded content and to mailings, affiliate notes, download offers
    r"\bwir respektieren (?:deine|ihre) privatsphäre\b|\bohne (?:dein|ihr) einverständnis\b",
    r"\bi consent to receiv|\b(?:you|i) (?:may|can) unsubscribe\b|\blien de désabonnement\b|"
    r"\bjederzeit (?:wieder )?(?:abbestellen|abmelden|widerrufen)\b",
    r"\bdelivered to (?:your|their) inbox(?:es)?\b|\bstraight to your (?:phone|inbox)\b",
    r"\baffiliate[- ]links?\b|\bproduct advertising api\b|\bsome rights reserved\b",
    r"\bsign up here\b|\bihr beitrag hilft\b|\bsie lesen gern\b",
    r"\bals pdf herunterladen\b|\bdownload (?:as |the )?pdf\b",
    r"\berhält\b.{0,40}\beine provision\b|\bwe may receive (?:a )?(?:compensation|commission)\b|"
    r"\breferences to products from one or more of our advertisers\b",
    # teaser prefixes: the rest of the line is another article's headline
    # (a colon or an ellipsis after it: "Mira Sorvino said" opens a sentence)
    r"^(?:lea más|le puede interesar|lee también|mira|mirá|vea también|ver también|"
    r"mira también|mirá también|auch lesen|lesen sie auch|read also|see also|à lire aussi)"
    r"\s*(?::|\.\.\.|…)|^(?:article (?:suivant|précédent)|suggested citation)\b",
    # a caption ending in its picture credit ("… (Foto: Getty)", "… | © Augusta/Getty")
    r"(?:\(\s*(?:fotos?|photos?|bild|bilder|credit)\s*:[^()]{1,60}\)|[|/]\s*©[^|©]{1,60})\s*$",
    r"^follow [A-Z].{0,40} on (?:twitter|facebook|instagram)\b|\bcanal de telegram\b|"
    r"\bbei fragen und anregungen zu diesem artikel\b|\bteile diesen beitrag\b|"
    r"\bwir informieren sie regelmäßig\b",
    r"\bmit der anmeldung stimme ich\b|\babonniere unseren newsletter\b|\bget regular updates on\b|"
    r"\bprosimy o zaznaczenie\b|\bzapraszamy (?:też )?do subskrypcji\b|"
    r"\bwählen sie ihren zugang\b|\bdieser eintrag wurde veröffentlicht in\b",
    r"^abbildung\s*\d*\s*:",
)
# Headers that open a part of the page that is not the article: related links,
# sidebars, comment threads. Everything from such a header on is left out of the body.
_SECTION = _phrases(
    r"^related(?: posts| articles| stories| content| news| links| topics)?\b",
    r"^(?:you (?:may|might) also (?:like|be interested)|more (?:from|on|stories|news)\b|"
    r"recommended(?: for you)?|popular (?:posts|articles)|"
    r"most (?:popular|read|viewed)|recent (?:posts|articles|comments)|featured posts?|"
    r"trending|don'?t miss|latest (?:news|posts|stories))",
    r"^(?:ähnliche (?:beiträge|artikel)|verwandte (?:beiträge|artikel|themen)|"
    r"mehr zum thema|weitere (?:beiträge|artikel|nachrichten|themen|informationen)|"
    r"das könnte (?:sie|dich|euch) auch interessieren|auch interessant|schon gelesen|"
    r"mehr zu(?:m|r)?\s+\w+(?:\s+\w+)?$|weitere (?:news|meldungen|videos)|top-?themen|"
    r"zum weiterlesen|(?:die )?meistgelesen(?:en?)?\b|meistgeklickt|"
    r"beliebte (?:beiträge|artikel)|neueste (?:beiträge|artikel)|"
    r"letzte (?:beiträge|artikel)|empfohlene artikel)",
    r"^(?:articles? (?:similaires|liés)|sur le même sujet|"
    r"art[ií]culos relacionados|te puede interesar|más noticias|más sobre|otras noticias|"
    r"(?:lo )?más (?:leídas?|visto|vistas)|les plus lus|notícias relacionadas|leia também|"
    r"mais lidas)",
    r"^(?:über|about) [A-ZÄÖÜ][\w.-]+ [A-ZÄÖÜ][\w-]+$",
    r"^(?:mehr themen|themenrelevante (?:nachrichten|artikel)|aktuelle (?:berichte|beiträge|"
    r"artikel) aus|empfehlungen (?:aus der|der) redaktion|vorschau auf den nächsten|auch lesen)\b",
    r"^(?:notas relacionadas|temas relacionados|te recomendamos|también te puede interesar)\b",
    r"^(?:new and exciting similar|similar (?:dishes|recipes|posts|articles|stories)|"
    r"keep reading|up next|read next|what to read next|more like this)\b",
)
# Headers that open the reader comments (kept apart from the body, not analysed).
_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|kommentare?|responses?|reader comments|leserkommentare|"
    r"commentaires?|comentarios?|discussion|diskussion)\b\s*[:(\d)]*\s*$|"
    r"^\d+\s+(?:thoughts? on|responses? to|kommentare? zu)\b",
    re.IGNORECASE,
)
# Lines drawn with one repeated character ("_____", "* * *", "—") or a lone dot.
_SEPARATOR = re.compile(r"^\s*(?:([-_=*~.•·#+—–])\s*\1*\s*)+$")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
# "Make your Motion!", "Jetzt registrieren!": a short imperative addressed to the reader.
_CALL_TO_ACTION = re.compile(
    r"\(\s*click here\s*\)|^(?=(?:\S+\s+){0,5}\S+\s*!\s*$).*\b(?:your|now|today|jetzt|hier|here|"
    r"dein(?:e|en)?|ihr(?:e|en)?)\b",
    re.IGNORECASE,
)


def word_count(line: str) -> int:
    """Words in a line; ideographic scripts count two characters as a word."""
    words = re.findall(r"[^\W\d_]+|\d+", line)
    wide = sum(1 for ch in line if "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return max(len(words), wide // 2)


def is_separator(line: str) -> bool:
    """A drawn line or a lone punctuation mark."""
    return bool(_SEPARATOR.match(line))


def is_chrome(line: str) -> bool:
    """A short line made of share/follow/comment-form/rating/widget/navigation phrases."""
    stripped = line.strip()
    if is_separator(stripped) or _URL_ONLY.match(stripped):
        return True
    words = word_count(stripped)
    if words <= NOTICE_MAX_WORDS and _NOTICE.search(stripped):
        return True
    if words > CHROME_MAX_WORDS:
        return False
    return bool(_CHROME.search(stripped) or _CALL_TO_ACTION.search(stripped))


def is_section_header(line: str) -> bool:
    """A header opening related links or a sidebar ("Related Posts", "Mehr zum Thema")."""
    stripped = line.strip()
    return word_count(stripped) <= 8 and bool(_SECTION.match(stripped))


def is_comments_header(line: str) -> bool:
    """A header opening the reader comments ("1 comment :", "12 Kommentare")."""
    stripped = line.strip()
    return word_count(stripped) <= 8 and bool(_COMMENTS.match(stripped))


_READ_MORE = re.compile(
    r"^(?:read more|more|mehr|weiterlesen|mehr lesen|lire la suite|leer más|seguí leyendo|"
    r"continue reading|keep reading|link zum artikel|zum artikel|full story|"
    r"artikel lesen|mehr erfahren|learn more|en savoir plus|ver más|leia mais)\b[\s.:»>›…]*$",
    re.IGNORECASE,
)


def is_read_more(line: str) -> bool:
    """A "read more" link line: the mark of a teaser, never of the article itself."""
    return bool(_READ_MORE.match(line.strip()))

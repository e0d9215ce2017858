"""From user input to a parsed query. User text never reaches a store as query syntax: it is
parsed here into phrases, excluded terms, OR groups and legal citations, which each store
turns into structured clauses of its own language."""

import shlex

from ratsuche.analysis import lowercase, stop_words
from ratsuche.citations import query_citations
from ratsuche.core.query import ParsedQuery


def _split(text: str) -> list[str]:
    """Whitespace split that keeps "quoted phrases" together (unbalanced quotes tolerated)."""
    normalized = text.replace("„", '"').replace("“", '"').replace("”", '"')
    try:
        lexer = shlex.shlex(normalized, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        lexer.escape = ""
        lexer.quotes = '"'
        return [t for t in lexer if t]
    except ValueError:
        return normalized.replace('"', " ").split()


def parse_query(text: str) -> ParsedQuery:
    """Phrases in quotes, `-term` to exclude, `a OR b` for alternatives, citations kept whole."""
    parsed = ParsedQuery(text=text.strip(), citations=query_citations(text))
    tokens = _split(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 2 < len(tokens) and tokens[i + 1] == "OR":
            group = [token]
            while i + 2 < len(tokens) and tokens[i + 1] == "OR":
                group.append(tokens[i + 2])
                i += 2
            parsed.alternatives.append(group)
        elif token.startswith("-") and len(token) > 1:
            parsed.excluded.append(token[1:])
        elif " " in token:
            parsed.phrases.append(token)
        elif token != "OR":
            parsed.terms.append(token)
        i += 1
    parsed.marked_terms = [w for w in parsed.terms if lowercase(w) not in stop_words()]
    return parsed

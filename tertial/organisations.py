"""Organisation names: when two names are the same organisation, and which of the
database's organisations a name means. Pure functions; no database access here.

The rule, one for every place a name is compared (an import's document, the name a user
gives, the confirmation of a new organisation): two names are the same organisation when
they are equal after

1. surrounding and repeated whitespace is removed,
2. case is ignored (casefold),
3. a last word "kommun" or "kommuns" is dropped (when something is left before it), and
4. a final genitive "s" is dropped.

So "Storvik", " storvik  KOMMUN " and "Storviks kommun" are one organisation, as are
"Sundsvall" and "Sundsvalls kommun", and an import never adds "Storvik" beside "Storvik
kommun" by accident; "Storvik" and "Storvika", or "Upplands Väsby" and "Upplands-Bro",
stay two. Step 4 applies to both names alike, so "Kramfors" and "Kramfors kommun" (whose
own name ends in s) still match. A new organisation is stored under the name the user
confirmed, with its whitespace tidied (step 1) and nothing else changed.
"""

from __future__ import annotations


from tertial.slugs import slug

_MUNICIPALITY_WORDS = ("kommun", "kommuns")


def tidy_name(name: str | None) -> str:
    """The name as stored and shown: surrounding and repeated whitespace removed."""
    return " ".join((name or "").split())


def organisation_key(name: str | None) -> str:
    """What two names must share to be the same organisation (see the module docstring)."""
    words = tidy_name(name).casefold().split(" ")
    if len(words) > 1 and words[-1] in _MUNICIPALITY_WORDS:
        words = words[:-1]
    key = " ".join(words)
    if len(key) > 1 and key.endswith("s"):
        key = key[:-1]
    return key


def same_organisation(first: str | None, second: str | None) -> bool:
    """Whether two names are the same organisation (neither empty)."""
    return bool(tidy_name(first)) and organisation_key(first) == organisation_key(second)


def same_name(first: str | None, second: str | None) -> bool:
    """Whether two spellings are the same name: equal but for case and whitespace. The
    confirmation of a new organisation must be the same name as the one to be added,
    not merely the same organisation."""
    return bool(tidy_name(first)) and tidy_name(first).casefold() == tidy_name(second).casefold()


class AmbiguousOrganisation(ValueError):
    """A name that is the same organisation as several stored ones; the message is Swedish."""


def find_organisation(name: str | None, known: dict[str, int]) -> tuple[str, int] | None:
    """The stored organisation (name, id) a name means, or None when it is none of them.
    known: stored name → id. Where several stored names match the rule (a database made
    before it), the one equal but for case and whitespace wins; else it is ambiguous."""
    if not tidy_name(name):
        return None
    matches = [(stored, known[stored]) for stored in known if same_organisation(name, stored)]
    if len(matches) > 1:
        exact = [match for match in matches if same_name(name, match[0])]
        if len(exact) == 1:
            return exact[0]
        raise AmbiguousOrganisation(
            f"»{tidy_name(name)}« kan vara flera av databasens organisationer "
            f"({', '.join(stored for stored, _ in matches)}). Ange namnet exakt som det står där."
        )
    return matches[0] if matches else None


def organisation_slug(name: str | None) -> str:
    """A lower-case ASCII form of an organisation's name, for file names: "Ånge kommun" →
    "ange-kommun", "Granåkers kommun" → "granakers-kommun". Letters lose their marks, any
    run of other characters becomes one hyphen; a name with nothing left is "organisation"."""
    return slug(tidy_name(name)) or "organisation"


def listed(names: list[str], limit: int = 10) -> str:
    """Stored names for a message: all of a few, else how many."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{len(names)} organisationer"


class UnknownOrganisation(ValueError):
    """A name or id that is none of the database's organisations; the message is Swedish."""


def resolve_organisation(organisation: str | int | None, known: dict[str, int]) -> tuple[str, int]:
    """The stored organisation (name, id) that ORGANISATION means: a stored id, or a name
    matched as find_organisation says. Never a default: None, an empty name or one that
    is none of them is refused. known: stored name → id."""
    if isinstance(organisation, int) and not isinstance(organisation, bool):
        for name, organisation_id in known.items():
            if organisation_id == organisation:
                return name, organisation_id
        raise UnknownOrganisation(f"Det finns ingen organisation med id {organisation} i databasen.")
    if not tidy_name(organisation if isinstance(organisation, str) else None):
        raise UnknownOrganisation("Ange vilken organisation det gäller.")
    found = find_organisation(organisation, known)  # AmbiguousOrganisation is a ValueError too
    if found is None:
        raise UnknownOrganisation(f"Organisationen »{tidy_name(organisation)}« finns inte i databasen "
                                  f"(finns: {listed(list(known)) or 'ingen'}).")
    return found

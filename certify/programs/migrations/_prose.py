"""What the data migrations that rewrite LSSCP's seeded prose share (0015, 0016): swap the seed's
exact old sentences for the new ones, in the program and its FAQ entries; anything staff
rewrote stays theirs. (A name starting with "_" is no migration to Django's loader.)"""

# A pair: (field, seed text before, seed text now).
Pairs = tuple[tuple[str, str, str], ...]


def _swap(row, pairs: Pairs, *, forward: bool) -> None:
    changed = []
    for field, before, now in pairs:
        old, new = (before, now) if forward else (now, before)
        text = getattr(row, field)
        if old in text:
            setattr(row, field, text.replace(old, new))
            changed.append(field)
    if changed:
        row.save(update_fields=sorted(set(changed)))


def lsscp_prose_swap(apps, program_text: Pairs, faq_text: Pairs, *, forward: bool) -> None:
    """Forward: the seed's old sentences become the new; backward: the other way."""
    Program = apps.get_model("programs", "Program")
    FaqEntry = apps.get_model("programs", "FaqEntry")
    for program in Program.objects.filter(slug="lsscp"):
        _swap(program, program_text, forward=forward)
        for entry in FaqEntry.objects.filter(program=program):
            _swap(entry, faq_text, forward=forward)

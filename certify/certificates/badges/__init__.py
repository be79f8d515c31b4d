"""Badge images: drawn from a program's data (`art`), baked with a signed credential (`baking`),
and the credential read back from a baked image someone sends, within limits (`unbaking`).
See ADR 0034."""

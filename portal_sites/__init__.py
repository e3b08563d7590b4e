"""The portal's sites: one per council or partnership, each at its own addresses and under its
own brand, and a neutral portal over all of them (docs/operations.md)."""

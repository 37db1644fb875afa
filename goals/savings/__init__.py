"""Coordination savings (samordningsvinster): when a pair or case of duplicate work is decided
as a duplicate, the decider records what coordinating it is expected to save and which unit
reports what it did save; that unit's year-end report asks for the realised saving, so the group
can say what coordination saved. See docs/savings.md."""

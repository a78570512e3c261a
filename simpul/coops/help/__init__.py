"""Help for each role: what the role does, its first steps (linked to the person's own pages), and the glossary."""

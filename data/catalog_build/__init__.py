"""The stages of `data/build_catalog.py`, one module each, in the order a row goes through them.

- `sources`: read the raw extracts of data/sources/ (NRMP directory, program list, institution
  list, Florida results; the reviewed tables), the source keys and the NRMP code tables;
- `sponsors`: a sponsor's state (from the institution list's order) and setting (university,
  affiliated, community: from its name and the reviewed teaching hospitals);
- `places`: where a program trains (its title's site, the sponsor's home, the reviewed site
  table), with the `city_basis` saying which;
- `rows`: the NRMP Main Match rows, the Florida results merged in, names made distinct;
- `outside`: ophthalmology (SF Match) and urology (AUA) rows, joined to the NRMP sponsors;
- `write`: one programs.csv row, the CSV text, and the write-or-`--check` step every build
  script of data/ shares.

`data/build_catalog.py` stays the entry point (`python data/build_catalog.py [--check]`) and
re-exports what the sibling scripts (build_facts, build_sponsors, build_places) read from it.
The package is imported with data/ and the repository root on `sys.path` (the script puts them
there), like the sibling scripts; it is not part of the app's wheel.
"""

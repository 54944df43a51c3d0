"""One model of a published figure and of what we may say about it.

- figure.py: a Figure (value, interval and its kind, counts, period, unit, tier, source) made from a store row,
  and every way a number is written (value, interval, count, flag, citation);
- compare.py: "is this difference real?" - the source's own words first, then the source's published interval,
  then an exact test calculated by this dashboard from published counts, then silence;
- words.py: the sentences built from figures and comparisons (each checked by the safe-messaging rules).

Every page, image, CSV, embed, alt text, social card and briefing reads these modules; nothing else formats a
number, decides significance or names a source.
"""

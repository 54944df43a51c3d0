"""What the product says of itself: its name and its independence from the producers of the figures.

Words, not web: the pages, the data package, the images and the exports all print them from here.
"""

from __future__ import annotations

SITE_NAME = "UK maternal outcome statistics"
INDEPENDENCE = ("An independent presentation of published figures. It is not a product of MBRRACE-UK or the Office "
                "for National Statistics (ONS).")

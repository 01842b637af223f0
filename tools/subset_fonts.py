"""Cut the Inter faces down to the Latin glyphs briefs use, so that PDF font subsetting is fast.

Inter is under the SIL Open Font Licence with no Reserved Font Name, so a subset may keep its
name. Charis SIL reserves its name and ships unmodified. Run from the repository root:

    python tools/subset_fonts.py /usr/share/fonts/opentype/inter templates/fonts
"""

import sys
from pathlib import Path

from fontTools import subset

# Basic Latin, Latin-1, Latin Extended-A, general punctuation, currency, minus, trademark.
UNICODES = "U+0020-007E,U+00A0-017F,U+2010-205E,U+20AC,U+2122,U+2212"
FACES = ("Inter-Regular.otf", "Inter-Italic.otf", "Inter-SemiBold.otf", "Inter-Bold.otf")


def main(src: Path, dest: Path) -> None:
    """Write a Latin subset of each Inter face from `src` into `dest`."""
    for face in FACES:
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(src / face), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(dest / face), options)
        print(f"{face}: {(dest / face).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

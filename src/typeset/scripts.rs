//! Which script a character belongs to, and which Debian package has a font
//! for it: enough to say what text a report holds and what to install when
//! no font can draw it. A hand-kept table of Unicode blocks, coarse on
//! purpose (one name per writing system a reader would recognise).

/// A writing system and the Debian package that covers it, if one is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Script {
    pub(crate) name: &'static str,
    pub(crate) package: Option<&'static str>,
}

const CJK: Option<&str> = Some("fonts-noto-cjk");
const CORE: Option<&str> = Some("fonts-noto-core");
const EMOJI: Option<&str> = Some("fonts-noto-color-emoji");

/// Unicode blocks: (first, last, script name, package).
const BLOCKS: &[(u32, u32, &str, Option<&str>)] = &[
    (0x0000, 0x024F, "Latin", None),
    (0x0250, 0x02FF, "Latin", None),
    (0x0300, 0x036F, "Latin", None),
    (0x0370, 0x03FF, "Greek", CORE),
    (0x0400, 0x052F, "Cyrillic", CORE),
    (0x0530, 0x058F, "Armenian", CORE),
    (0x0590, 0x05FF, "Hebrew", CORE),
    (0x0600, 0x06FF, "Arabic", CORE),
    (0x0700, 0x074F, "Syriac", CORE),
    (0x0750, 0x077F, "Arabic", CORE),
    (0x0780, 0x07BF, "Thaana", CORE),
    (0x08A0, 0x08FF, "Arabic", CORE),
    (0x0900, 0x097F, "Devanagari", CORE),
    (0x0980, 0x09FF, "Bengali", CORE),
    (0x0A00, 0x0A7F, "Gurmukhi", CORE),
    (0x0A80, 0x0AFF, "Gujarati", CORE),
    (0x0B00, 0x0B7F, "Oriya", CORE),
    (0x0B80, 0x0BFF, "Tamil", CORE),
    (0x0C00, 0x0C7F, "Telugu", CORE),
    (0x0C80, 0x0CFF, "Kannada", CORE),
    (0x0D00, 0x0D7F, "Malayalam", CORE),
    (0x0D80, 0x0DFF, "Sinhala", CORE),
    (0x0E00, 0x0E7F, "Thai", Some("fonts-thai-tlwg")),
    (0x0E80, 0x0EFF, "Lao", CORE),
    (0x0F00, 0x0FFF, "Tibetan", CORE),
    (0x1000, 0x109F, "Myanmar", CORE),
    (0x10A0, 0x10FF, "Georgian", CORE),
    (0x1100, 0x11FF, "Hangul", CJK),
    (0x1200, 0x139F, "Ethiopic", CORE),
    (0x1780, 0x17FF, "Khmer", CORE),
    (0x1E00, 0x1EFF, "Latin", None),
    (0x1F00, 0x1FFF, "Greek", CORE),
    (0x2000, 0x2BFF, "Symbols", None),
    (0x2E80, 0x2FDF, "Han", CJK),
    (0x3000, 0x303F, "Han", CJK),
    (0x3040, 0x309F, "Hiragana", CJK),
    (0x30A0, 0x30FF, "Katakana", CJK),
    (0x3100, 0x312F, "Bopomofo", CJK),
    (0x3130, 0x318F, "Hangul", CJK),
    (0x31F0, 0x31FF, "Katakana", CJK),
    (0x3200, 0x33FF, "Han", CJK),
    (0x3400, 0x4DBF, "Han", CJK),
    (0x4E00, 0x9FFF, "Han", CJK),
    (0xA960, 0xA97F, "Hangul", CJK),
    (0xAC00, 0xD7FF, "Hangul", CJK),
    (0xF900, 0xFAFF, "Han", CJK),
    (0xFB1D, 0xFB4F, "Hebrew", CORE),
    (0xFB50, 0xFDFF, "Arabic", CORE),
    (0xFE30, 0xFE4F, "Han", CJK),
    (0xFE70, 0xFEFF, "Arabic", CORE),
    (0xFF00, 0xFF65, "Han", CJK),
    (0xFF66, 0xFF9F, "Katakana", CJK),
    (0xFFA0, 0xFFDC, "Hangul", CJK),
    (0x1F000, 0x1FAFF, "Emoji", EMOJI),
    (0x20000, 0x3FFFF, "Han", CJK),
];

/// The script of `c`; "Other" when the table does not know it.
pub(crate) fn of(c: char) -> Script {
    let code = c as u32;
    // Dingbats and miscellaneous symbols hold most emoji outside the emoji planes.
    if (0x2600..=0x27BF).contains(&code) {
        return Script { name: "Emoji", package: EMOJI };
    }
    BLOCKS
        .iter()
        .find(|(first, last, _, _)| (*first..=*last).contains(&code))
        .map_or(Script { name: "Other", package: None }, |(_, _, name, package)| Script { name, package: *package })
}

/// Characters that are never drawn on their own (joiners, variation
/// selectors, tags): no font needs to cover them.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_their_packages() {
        let cases = [
            ('a', "Latin", None),
            ('é', "Latin", None),
            ('東', "Han", CJK),
            ('あ', "Hiragana", CJK),
            ('カ', "Katakana", CJK),
            ('한', "Hangul", CJK),
            ('ไ', "Thai", Some("fonts-thai-tlwg")),
            ('ع', "Arabic", CORE),
            ('ש', "Hebrew", CORE),
            ('न', "Devanagari", CORE),
            ('🚀', "Emoji", EMOJI),
            ('✅', "Emoji", EMOJI),
        ];
        for (c, name, package) in cases {
            assert_eq!(of(c), Script { name, package }, "{c}");
        }
        assert!(is_invisible('\u{FE0F}') && is_invisible('\u{200D}') && !is_invisible('a'));
    }
}

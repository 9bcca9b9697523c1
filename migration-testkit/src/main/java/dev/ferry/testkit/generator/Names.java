package dev.ferry.testkit.generator;

import java.util.List;

/**
 * Invented patient names by the character set they need, as DICOM PN values in Unicode: plain
 * ASCII, Latin-1, names that need UTF-8, Japanese (alphabetic, ideographic and phonetic groups,
 * PS3.5 section 6.2.1) and Chinese (alphabetic and ideographic groups). Every Japanese character is
 * in JIS X 0208 and every Latin-1 one in ISO 8859-1, so each name encodes in its character set.
 *
 * <p>Thread-safe: constants only.
 */
final class Names {
    /** The character set a name needs, with the Specific Character Set value it is declared with. */
    enum Origin {
        ASCII(""),
        LATIN1("ISO_IR 100"),
        UTF8("ISO_IR 192"),
        JAPANESE("ISO 2022 IR 6\\ISO 2022 IR 87"),
        CHINESE("GB18030");

        final String charset;

        Origin(String charset) {
            this.charset = charset;
        }
    }

    private static final List<String> ASCII_FAMILY = List.of("SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES",
            "MILLER", "DAVIS", "WILSON", "TAYLOR", "CLARK", "LEWIS", "WALKER", "HALL", "YOUNG", "KING", "WRIGHT",
            "HILL", "GREEN", "ADAMS", "BAKER", "NELSON", "CARTER", "MITCHELL", "ROBERTS");
    private static final List<String> ASCII_GIVEN = List.of("JOHN", "MARY", "ROBERT", "LINDA", "JAMES",
            "PATRICIA", "DAVID", "SUSAN", "MICHAEL", "KAREN", "WILLIAM", "NANCY", "THOMAS", "LISA", "PAUL", "EMMA");
    private static final List<String> LATIN1_FAMILY = List.of("Müller", "García", "Lefèvre", "Sørensen", "Núñez",
            "Strauß", "Åberg", "Brontë", "Gonçalves", "Kühn", "Østergaard", "Peña");
    private static final List<String> LATIN1_GIVEN = List.of("Jürgen", "José", "Hélène", "Åse", "Inés", "François",
            "Zoë", "Björn", "Joël", "Renée", "Sönke", "Aurélie");
    private static final List<String> UTF8_FAMILY = List.of("Dvořák", "Łukasiewicz", "Kovačević", "Nguyễn",
            "Παπαδόπουλος", "Иванова", "Şahin", "Wiśniewski");
    private static final List<String> UTF8_GIVEN = List.of("Jiří", "Paweł", "Dragoš", "Thị Lan", "Νίκος", "Ольга",
            "Ayşe", "Małgorzata");
    /** Family names: romaji, kanji, hiragana. */
    private static final List<String[]> JAPANESE_FAMILY = List.of(
            new String[] {"Yamada", "山田", "やまだ"}, new String[] {"Tanaka", "田中", "たなか"},
            new String[] {"Sato", "佐藤", "さとう"}, new String[] {"Suzuki", "鈴木", "すずき"},
            new String[] {"Takahashi", "高橋", "たかはし"}, new String[] {"Watanabe", "渡辺", "わたなべ"},
            new String[] {"Ito", "伊藤", "いとう"}, new String[] {"Nakamura", "中村", "なかむら"});
    private static final List<String[]> JAPANESE_GIVEN = List.of(
            new String[] {"Taro", "太郎", "たろう"}, new String[] {"Hanako", "花子", "はなこ"},
            new String[] {"Kenichi", "健一", "けんいち"}, new String[] {"Yuki", "由紀", "ゆき"},
            new String[] {"Hiroshi", "博", "ひろし"}, new String[] {"Akiko", "明子", "あきこ"});
    /** Family names: pinyin, hanzi. */
    private static final List<String[]> CHINESE_FAMILY = List.of(
            new String[] {"Wang", "王"}, new String[] {"Li", "李"}, new String[] {"Zhang", "张"},
            new String[] {"Liu", "刘"}, new String[] {"Chen", "陈"}, new String[] {"Zhao", "赵"});
    private static final List<String[]> CHINESE_GIVEN = List.of(
            new String[] {"Wei", "伟"}, new String[] {"Fang", "芳"}, new String[] {"Min", "敏"},
            new String[] {"Jing", "静"}, new String[] {"Lei", "磊"}, new String[] {"Xiuying", "秀英"});

    private Names() {}

    /** A name of this origin as a PN value. */
    static String name(Origin origin, Rng rng) {
        switch (origin) {
            case LATIN1:
                return rng.pick(LATIN1_FAMILY) + "^" + rng.pick(LATIN1_GIVEN);
            case UTF8:
                return rng.pick(UTF8_FAMILY) + "^" + rng.pick(UTF8_GIVEN);
            case JAPANESE: {
                String[] f = rng.pick(JAPANESE_FAMILY);
                String[] g = rng.pick(JAPANESE_GIVEN);
                return f[0] + "^" + g[0] + "=" + f[1] + "^" + g[1] + "=" + f[2] + "^" + g[2];
            }
            case CHINESE: {
                String[] f = rng.pick(CHINESE_FAMILY);
                String[] g = rng.pick(CHINESE_GIVEN);
                return f[0] + "^" + g[0] + "=" + f[1] + "^" + g[1];
            }
            default: {
                String n = rng.pick(ASCII_FAMILY) + "^" + rng.pick(ASCII_GIVEN);
                return rng.chance(0.3) ? n + "^" + (char) ('A' + rng.nextInt(26)) : n;
            }
        }
    }

    /** The alphabetic group of a PN value: family and given names, for HL7 PID-5. */
    static String[] alphabetic(String pn) {
        int eq = pn.indexOf('=');
        String alpha = eq < 0 ? pn : pn.substring(0, eq);
        String[] parts = alpha.split("\\^", -1);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
    }

    /** The ideographic group of a PN value: family and given names, or {@code null} without one. */
    static String[] ideographic(String pn) {
        String[] groups = pn.split("=", -1);
        if (groups.length < 2 || groups[1].isEmpty()) {
            return null;
        }
        String[] parts = groups[1].split("\\^", -1);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
    }
}

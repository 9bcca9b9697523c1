package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares the demographics a source of identity holds (merge history, MPI) with the study's header,
 * within a configured tolerance, and names the fields that differ beyond it (never their values).
 *
 * <ul>
 *   <li>Name (DICOM PN): the first component group (alphabetic) only; accents, case and whitespace are
 *       ignored; family and given names are compared, middle name, prefix and suffix only when both
 *       sides have them; a {@link Builder#nameEditDistance(int) tolerance} allows that many single-letter
 *       edits (Levenshtein) over the compared components together.
 *   <li>Birth date (DA): the digits are compared; {@link Builder#allowDayMonthSwap(boolean)} accepts
 *       {@code YYYYDDMM} for {@code YYYYMMDD} (a classic data-entry slip).
 *   <li>Sex (CS): M, F, O; {@code U} counts as unknown.
 * </ul>
 * A field either side leaves empty (or unknown) is not compared: absence is not disagreement.
 *
 * <p>Immutable and thread-safe.
 */
public final class DemographicsCheck {
    /** Names longer than this (normalised) are compared exactly: the edit distance is quadratic. */
    static final int MAX_FUZZY_NAME_CHARS = 256;

    /** The field names {@link #differences} reports. */
    public static final String NAME = "name";
    public static final String BIRTH_DATE = "birth date";
    public static final String SEX = "sex";

    private final boolean checkName;
    private final int nameEditDistance;
    private final boolean checkBirthDate;
    private final boolean allowDayMonthSwap;
    private final boolean checkSex;

    private DemographicsCheck(Builder b) {
        this.checkName = b.checkName;
        this.nameEditDistance = b.nameEditDistance;
        this.checkBirthDate = b.checkBirthDate;
        this.allowDayMonthSwap = b.allowDayMonthSwap;
        this.checkSex = b.checkSex;
    }

    /** Every field checked, no tolerance beyond case, accents and whitespace. */
    public static DemographicsCheck strict() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fields ({@link #NAME}, {@link #BIRTH_DATE}, {@link #SEX}) where the two differ beyond tolerance. */
    public List<String> differences(Demographics source, Demographics study) {
        List<String> out = new ArrayList<>(3);
        if (checkName && !namesAgree(source.name(), study.name())) {
            out.add(NAME);
        }
        if (checkBirthDate && !birthDatesAgree(source.birthDate(), study.birthDate())) {
            out.add(BIRTH_DATE);
        }
        if (checkSex && !sexesAgree(source.sex(), study.sex())) {
            out.add(SEX);
        }
        return out;
    }

    boolean namesAgree(String a, String b) {
        String[] x = components(a);
        String[] y = components(b);
        if (x == null || y == null) {
            return true;
        }
        StringBuilder sa = new StringBuilder();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            boolean core = i < 2;
            if (core || (!x[i].isEmpty() && !y[i].isEmpty())) {
                sa.append(x[i]).append('^');
                sb.append(y[i]).append('^');
            }
        }
        String p = sa.toString();
        String q = sb.toString();
        if (p.equals(q)) {
            return true;
        }
        if (nameEditDistance == 0 || p.length() > MAX_FUZZY_NAME_CHARS || q.length() > MAX_FUZZY_NAME_CHARS) {
            return false;
        }
        return levenshtein(p, q, nameEditDistance) <= nameEditDistance;
    }

    /** The five normalised PN components of the first group, or null when the name is empty. */
    static String[] components(String pn) {
        int eq = pn.indexOf('=');
        String group = eq >= 0 ? pn.substring(0, eq) : pn;
        String folded = Normalizer.normalize(group, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
        if (folded.replace("^", "").isEmpty()) {
            return null;
        }
        String[] parts = folded.split("\\^", -1);
        String[] out = {"", "", "", "", ""};
        for (int i = 0; i < Math.min(5, parts.length); i++) {
            out[i] = parts[i];
        }
        return out;
    }

    /** Levenshtein distance, giving up (returning {@code limit + 1}) once every path exceeds {@code limit}. */
    static int levenshtein(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    boolean birthDatesAgree(String a, String b) {
        String x = a.replaceAll("[^0-9]", "");
        String y = b.replaceAll("[^0-9]", "");
        if (x.isEmpty() || y.isEmpty()) {
            return a.isBlank() || b.isBlank() || a.strip().equals(b.strip());
        }
        if (x.equals(y)) {
            return true;
        }
        return allowDayMonthSwap && x.length() == 8 && y.length() == 8 && x.startsWith(y.substring(0, 4))
                && x.substring(4, 6).equals(y.substring(6, 8)) && x.substring(6, 8).equals(y.substring(4, 6));
    }

    static boolean sexesAgree(String a, String b) {
        String x = a.strip().toUpperCase(Locale.ROOT);
        String y = b.strip().toUpperCase(Locale.ROOT);
        if (x.isEmpty() || y.isEmpty() || x.equals("U") || y.equals("U")) {
            return true;
        }
        return x.equals(y);
    }

    @Override
    public String toString() {
        return "DemographicsCheck[name=" + (checkName ? "edit distance " + nameEditDistance : "off")
                + ", birthDate=" + (checkBirthDate ? (allowDayMonthSwap ? "day/month swap allowed" : "exact") : "off")
                + ", sex=" + (checkSex ? "exact" : "off") + "]";
    }

    /** Options of a {@link DemographicsCheck}; every field checked, exactly, by default. Not thread-safe. */
    public static final class Builder {
        private boolean checkName = true;
        private int nameEditDistance;
        private boolean checkBirthDate = true;
        private boolean allowDayMonthSwap;
        private boolean checkSex = true;

        private Builder() {}

        public Builder checkName(boolean check) {
            this.checkName = check;
            return this;
        }

        /** How many single-letter edits the compared name components may differ by; 0 by default, at most 8. */
        public Builder nameEditDistance(int edits) {
            if (edits < 0 || edits > 8) {
                throw new ConfigurationException("nameEditDistance must be within 0..8: " + edits);
            }
            this.nameEditDistance = edits;
            return this;
        }

        public Builder checkBirthDate(boolean check) {
            this.checkBirthDate = check;
            return this;
        }

        /** Accepts a birth date whose day and month are swapped. */
        public Builder allowDayMonthSwap(boolean allow) {
            this.allowDayMonthSwap = allow;
            return this;
        }

        public Builder checkSex(boolean check) {
            this.checkSex = check;
            return this;
        }

        public DemographicsCheck build() {
            return new DemographicsCheck(this);
        }
    }
}

package dev.ferry.cli;

import dev.ferry.api.Dataset;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options find, move and get share: the information model, the level and the matching keys
 * ({@code -m Keyword=value}). A picocli mixin; {@link #identifier} builds the Identifier.
 */
final class QueryOptions {
    /** The Query/Retrieve levels (PS3.4 C.3). */
    enum Level { PATIENT, STUDY, SERIES, IMAGE }

    /** The information models, as {@code --model} names them. */
    enum Model {
        PATIENT(InformationModel.PATIENT_ROOT),
        STUDY(InformationModel.STUDY_ROOT);

        final InformationModel model;

        Model(InformationModel model) {
            this.model = model;
        }
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-L", "--level"}, paramLabel = "LEVEL",
            description = "Query/Retrieve level: ${COMPLETION-CANDIDATES} (find: required; move and get: "
                    + "default STUDY).")
    Level level;

    @Option(names = {"-m", "--match"}, paramLabel = "KEYWORD=VALUE",
            description = "A matching key: a PS3.6 keyword or tag (PatientID, 0010,0020) and the value to match, "
                    + "with the wildcards * and ? and date ranges (20240101-20240131) PS3.4 C.2.2.2 allows; an "
                    + "empty value asks for the attribute. Repeatable.")
    List<String> matches;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "study",
            description = "Information model: patient (Patient Root) or study (Study Root; default).")
    Model model;

    /** The level given, or {@code fallback}. */
    Level level(Level fallback) {
        return level == null ? fallback : level;
    }

    /**
     * The Identifier: level, the {@code -m} keys, then {@code returnKeys} not given already (empty).
     *
     * @throws ParameterException naming the key that is wrong (exit 2)
     */
    Dataset identifier(Level lvl, List<String> returnKeys) {
        if (lvl == Level.PATIENT && model == Model.STUDY) {
            throw new ParameterException(mixee.commandLine(), "-L PATIENT needs --model patient: the Study Root "
                    + "information model has no PATIENT level");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        if (matches != null) {
            for (String m : matches) {
                int eq = m.indexOf('=');
                if (eq <= 0) {
                    throw new ParameterException(mixee.commandLine(), "-m \"" + m + "\" is not KEYWORD=VALUE");
                }
                keys.put(m.substring(0, eq).strip(), m.substring(eq + 1));
            }
        }
        for (String r : returnKeys) {
            keys.putIfAbsent(r.strip(), "");
        }
        try {
            return QueryRetrieveScu.keys(lvl.name(), keys);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    InformationModel informationModel() {
        return model.model;
    }
}

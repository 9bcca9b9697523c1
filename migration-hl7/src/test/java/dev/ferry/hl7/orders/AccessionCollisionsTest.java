package dev.ferry.hl7.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.hl7.orders.AccessionCollisions.Collision;
import dev.ferry.hl7.orders.AccessionCollisions.Rule;
import dev.ferry.hl7.orders.AccessionCollisions.StudyKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessionCollisionsTest {
    private static final PatientIdentity P1 = PatientIdentity.of("P1", "HOSP");
    private static final PatientIdentity P2 = PatientIdentity.of("P2", "HOSP");

    private static Order order(String file, int line, String accession, PatientIdentity p, String uid) {
        return new Order(new Origin(file, line), "", accession, p, uid, null);
    }

    private static AccessionCollisions collisions(AccessionCollisions.Unexplained unexplained, Order... orders) {
        return AccessionCollisions.builder(AccessionRules.dicomDefaults()).unexplained(unexplained)
                .addAll(List.of(orders)).build();
    }

    @Test
    void oneAccessionOnTwoPatientsNamesBothStudiesAndNoValues() {
        AccessionCollisions c = collisions(AccessionCollisions.Unexplained.COLLISION);
        List<Collision> found = c.check(List.of(new StudyKey("1.1", P1, "A100"), new StudyKey("1.2", P2, "A100")));
        assertThat(found).containsExactly(new Collision(Rule.ONE_ACCESSION_TWO_PATIENTS, "1.2", "1.1", ""));
        assertThat(found.get(0).detail()).isEqualTo("accession collision ONE_ACCESSION_TWO_PATIENTS with study 1.1")
                .doesNotContain("A100").doesNotContain("P1");
    }

    @Test
    void twoStudiesOfOnePatientCollideUnlessTheOrdersExplainThem() {
        List<StudyKey> studies = List.of(new StudyKey("1.1", P1, "A100"), new StudyKey("1.2", P1, "A100"),
                new StudyKey("1.3", P1, "A200"), new StudyKey("1.4", P1, "A200"), new StudyKey("1.5", P1, "A300"),
                new StudyKey("1.6", P1, "A300"));
        AccessionCollisions c = collisions(AccessionCollisions.Unexplained.COLLISION,
                order("o.csv", 2, "a100", P1, ""),                         // one order, one study
                order("o.csv", 3, "A200", P1, "1.3"), order("o.csv", 4, "A200", P1, "1.4")); // two studies ordered
        assertThat(c.check(studies)).containsExactly(
                new Collision(Rule.ONE_ACCESSION_TWO_STUDIES, "1.2", "1.1", ""),
                new Collision(Rule.ONE_ACCESSION_TWO_STUDIES, "1.6", "1.5", "")); // no order: one study

        AccessionCollisions lenient = collisions(AccessionCollisions.Unexplained.ALLOW,
                order("o.csv", 2, "A100", P1, ""));
        assertThat(lenient.check(studies)).containsExactly(new Collision(Rule.ONE_ACCESSION_TWO_STUDIES, "1.2", "1.1", ""));
    }

    @Test
    void anOrderForAnotherPatientIsACollisionWithTheOrder() {
        AccessionCollisions c = collisions(AccessionCollisions.Unexplained.COLLISION,
                order("orders.csv", 7, "A100", P2, "9.9"));
        List<Collision> found = c.check(List.of(new StudyKey("1.1", P1, "A100")));
        assertThat(found).containsExactly(new Collision(Rule.ORDER_NAMES_ANOTHER_PATIENT, "1.1", "9.9", "orders.csv:7"));
        assertThat(found.get(0).detail()).isEqualTo(
                "accession collision ORDER_NAMES_ANOTHER_PATIENT with study 9.9 and order orders.csv:7");
        // an unknown issuer on one side is not a different patient
        assertThat(c.check(List.of(new StudyKey("1.1", PatientIdentity.of("P2", ""), "A100")))).isEmpty();
    }

    @Test
    void deterministicAndBoundedByDistinctAccessions() {
        AccessionCollisions c = collisions(AccessionCollisions.Unexplained.COLLISION);
        AccessionCollisions.Walk w = c.walk();
        for (int i = 0; i < 1000; i++) {
            w.accept(new StudyKey("1." + i, P1, "A" + (i % 10)));
        }
        assertThat(w.accessions()).isEqualTo(10);
        List<StudyKey> s = List.of(new StudyKey("1.1", P1, "X"), new StudyKey("1.2", P2, "X"), new StudyKey("1.3", null, "X"),
                new StudyKey("1.4", P1, ""));
        // a study of unknown patient still counts: the second one of the accession's first patient
        assertThat(c.check(s)).isEqualTo(c.check(s)).extracting(Collision::rule)
                .containsExactly(Rule.ONE_ACCESSION_TWO_PATIENTS, Rule.ONE_ACCESSION_TWO_STUDIES);
    }

    @Test
    void ordersWhoseAccessionCannotBeNormalisedAreCounted() {
        AccessionCollisions c = collisions(AccessionCollisions.Unexplained.COLLISION,
                order("o.csv", 2, "THIS-ONE-IS-FAR-TOO-LONG", P1, ""), order("o.csv", 3, "OK", P1, ""));
        assertThat(c.refusedOrders()).isEqualTo(1);
        assertThat(c.orders()).isEqualTo(1);
    }
}

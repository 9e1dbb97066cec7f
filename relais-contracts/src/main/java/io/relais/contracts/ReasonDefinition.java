package io.relais.contracts;

/**
 * One code of a workspace's contact-reason taxonomy. Codes are dotted and lower-case; a code's parent is the code
 * before its last dot ({@code cards} is the parent of {@code cards.lost}), so the hierarchy is written in the code
 * itself and a queue or a report that names {@code cards} covers its children.
 *
 * @param labelFr the label agents and reports show in French
 * @param labelEn the label in English
 * @param active {@code false} once retired: kept for the history and the reports, refused in new completions
 */
public record ReasonDefinition(String code, String labelFr, String labelEn, boolean active) {

    /** The parent's code, or {@code null} for a top-level code. */
    public String parent() {
        return ReasonTaxonomy.parentOf(code);
    }

    public String label(String language) {
        return "en".equals(language) ? labelEn : labelFr;
    }
}

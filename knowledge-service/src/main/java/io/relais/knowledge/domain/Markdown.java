package io.relais.knowledge.domain;

/** Small helpers on an article's Markdown body. */
public final class Markdown {

    private Markdown() {
    }

    /**
     * The first paragraph that is not a heading, without Markdown emphasis, at most {@code max} characters cut on a
     * word boundary (with an ellipsis): the few lines of a briefing banner or of a contact's guidance.
     */
    public static String summary(String body, int max) {
        if (body == null) {
            return "";
        }
        for (String paragraph : body.strip().split("\\R\\s*\\R")) {
            String p = paragraph.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            String text = p.replaceAll("[*_`]", "").replaceAll("\\s*\\R\\s*", " ").strip();
            return io.relais.contracts.Limits.truncate(text, max);
        }
        return "";
    }

    /** A file name out of a title: lower case, ASCII, dashes. */
    public static String slug(String title) {
        String ascii = java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-$", "");
        }
        return slug.isEmpty() ? "article" : slug;
    }
}

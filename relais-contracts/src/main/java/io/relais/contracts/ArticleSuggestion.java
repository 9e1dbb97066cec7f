package io.relais.contracts;

import java.util.UUID;

/**
 * A knowledge article chosen for a contact: what the agent needs at a glance, and where to read the rest. Schema 2 of
 * {@link ContactReady}: the Markdown body is no longer carried (an article may be up to 200,000 characters), only a
 * bounded summary and a link to the full article.
 *
 * @param version the version the agent is guided with (the one published when the contact was made ready)
 * @param kind {@code fundamentals}, {@code communication_rule}, {@code procedure} or {@code offer}
 * @param title at most {@link Limits#ARTICLE_TITLE} characters
 * @param summary the body's first paragraph that is not a heading, without Markdown emphasis, at most
 *        {@link Limits#GUIDANCE_SUMMARY} characters cut on a word boundary; {@code null} in a schema 1 event
 * @param why in words, why it was chosen (reason code, matching words), at most {@link Limits#WHY}
 * @param link the full article, this version: a path on knowledge-service ({@code /api/articles/{id}/versions/{n}},
 *        which the browser resolves against knowledge-service's address); derived from {@code articleId} and
 *        {@code version} when absent (a schema 1 event)
 */
public record ArticleSuggestion(
        UUID articleId,
        int version,
        String kind,
        String title,
        String summary,
        String why,
        String link) {

    public ArticleSuggestion {
        if (link == null && articleId != null) {
            link = linkTo(articleId, version);
        }
    }

    /** The path of one version of an article on knowledge-service. */
    public static String linkTo(UUID articleId, int version) {
        return "/api/articles/" + articleId + "/versions/" + version;
    }
}

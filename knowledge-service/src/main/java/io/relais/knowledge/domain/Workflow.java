package io.relais.knowledge.domain;

import java.util.Map;
import java.util.Set;

/**
 * The publication workflow of a version: {@code draft → in_review → published → retired}, and {@code in_review → draft}
 * to send a version back to its writer. Publishing a version retires the version that was published before it (done by
 * the service, not a transition an editor asks for).
 */
public final class Workflow {

    private static final Map<ArticleStatus, Set<ArticleStatus>> ALLOWED = Map.of(
            ArticleStatus.DRAFT, Set.of(ArticleStatus.IN_REVIEW),
            ArticleStatus.IN_REVIEW, Set.of(ArticleStatus.DRAFT, ArticleStatus.PUBLISHED),
            ArticleStatus.PUBLISHED, Set.of(ArticleStatus.RETIRED),
            ArticleStatus.RETIRED, Set.of());

    private Workflow() {
    }

    public static boolean allowed(ArticleStatus from, ArticleStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Why {@code from → to} is refused, in words an editor can act on; {@code null} if it is allowed. */
    public static String refusal(int version, ArticleStatus from, ArticleStatus to) {
        if (allowed(from, to)) {
            return null;
        }
        String what = "version " + version + " is " + from.code() + ": it cannot become " + to.code();
        return switch (from) {
            case DRAFT -> what + (to == ArticleStatus.PUBLISHED
                    ? "; submit it for review first (in_review), then publish it" : "; a draft can only be submitted for review (in_review)");
            case IN_REVIEW -> what + "; a version in review is published or sent back to draft";
            case PUBLISHED -> what + "; a published version can only be retired (edit the article to write a new version)";
            case RETIRED -> what + "; a retired version is final (edit the article to write a new version)";
        };
    }
}

package io.relais.knowledge.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.relais.knowledge.repository.ArticleVersion;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** What changed between two versions of an article: the fields, and the body line by line (java-diff-utils). */
@ApplicationScoped
public class VersionDiff {

    /** A field whose value differs. */
    public record FieldChange(String field, Object from, Object to) {
    }

    /** One changed block of the body: {@code type} CHANGE, DELETE or INSERT; lines numbered from 1. */
    public record BodyChange(String type, int fromLine, List<String> removed, int toLine, List<String> added) {
    }

    public record Diff(UUID articleId, int from, int to, List<FieldChange> fields, List<BodyChange> body,
            int linesAdded, int linesRemoved, String unified) {
    }

    private final ArticleVersionRepository versions;

    public VersionDiff(ArticleVersionRepository versions) {
        this.versions = versions;
    }

    @WithSession
    public Uni<Diff> between(UUID articleId, int from, int to) {
        return version(articleId, from).chain(a -> version(articleId, to).map(b -> diff(a, b)));
    }

    private Uni<ArticleVersion> version(UUID articleId, int version) {
        return versions.find(articleId, version).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("article " + articleId + " has no version " + version));
    }

    static Diff diff(ArticleVersion a, ArticleVersion b) {
        List<FieldChange> fields = new ArrayList<>();
        field(fields, "kind", a.kind, b.kind);
        field(fields, "title", a.title, b.title);
        field(fields, "language", a.language, b.language);
        field(fields, "channels", Arrays.asList(a.channels), Arrays.asList(b.channels));
        field(fields, "segments", Arrays.asList(a.segments), Arrays.asList(b.segments));
        field(fields, "reasonCodes", Arrays.asList(a.reasonCodes), Arrays.asList(b.reasonCodes));
        field(fields, "tags", Arrays.asList(a.tags), Arrays.asList(b.tags));
        field(fields, "owner", a.owner, b.owner);
        field(fields, "certification", a.certification, b.certification);
        field(fields, "effectiveFrom", a.effectiveFrom, b.effectiveFrom);
        field(fields, "effectiveTo", a.effectiveTo, b.effectiveTo);

        List<String> original = a.body.lines().toList();
        List<String> revised = b.body.lines().toList();
        Patch<String> patch = DiffUtils.diff(original, revised);
        List<BodyChange> body = new ArrayList<>();
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            body.add(new BodyChange(d.getType().name(), d.getSource().getPosition() + 1, d.getSource().getLines(),
                    d.getTarget().getPosition() + 1, d.getTarget().getLines()));
            added += d.getTarget().size();
            removed += d.getSource().size();
        }
        String unified = String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("version " + a.version,
                "version " + b.version, original, patch, 2));
        return new Diff(a.articleId, a.version, b.version, fields, body, added, removed, unified);
    }

    private static void field(List<FieldChange> fields, String name, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            fields.add(new FieldChange(name, from, to));
        }
    }
}

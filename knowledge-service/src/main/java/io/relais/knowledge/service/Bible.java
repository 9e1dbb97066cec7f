package io.relais.knowledge.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.relais.contracts.Channel;
import io.relais.knowledge.config.KnowledgeConfig;
import io.relais.knowledge.domain.ArticleKind;
import io.relais.knowledge.domain.ArticleStatus;
import io.relais.knowledge.domain.Markdown;
import io.relais.knowledge.repository.ArticleRepository;
import io.relais.knowledge.repository.ArticleVersion;
import io.relais.knowledge.repository.ArticleVersionRepository;
import io.relais.platform.input.SafeText;
import io.relais.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The bible as a folder of Markdown files with a YAML front matter, so that a company can keep it in git. The import
 * reads every {@code .md} file of a zip, checks them all before writing anything, then writes them in one transaction:
 * a file whose {@code id} names an existing article becomes its new version (none if nothing changed), any other file
 * a new article; with {@code publish} each imported version is also published. The export writes every published
 * version.
 */
@ApplicationScoped
public class Bible {

    /** A file's front matter. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record FrontMatter(String id, String kind, String title, String language, List<String> channels,
            List<String> segments, List<String> reasonCodes, List<String> tags, String owner, String certification,
            String effectiveFrom, String effectiveTo) {
    }

    /** What the import did with a file: {@code created}, {@code new_version} or {@code unchanged}. */
    public record Imported(String file, UUID articleId, int version, String status, String action) {
    }

    private record Parsed(String file, UUID id, ArticleContent content) {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private final Articles articles;
    private final ArticleRepository articleRows;
    private final ArticleVersionRepository versions;
    private final KnowledgeConfig config;

    public Bible(Articles articles, ArticleRepository articleRows, ArticleVersionRepository versions, KnowledgeConfig config) {
        this.articles = articles;
        this.articleRows = articleRows;
        this.versions = versions;
        this.config = config;
    }

    /** Imports every file or none: any fault in any file answers 400 naming the files and their faults. */
    @WithTransaction
    public Uni<List<Imported>> importZip(byte[] zip, boolean publish, String by) {
        List<Parsed> parsed;
        try {
            parsed = parse(zip);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<List<Imported>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Parsed p : parsed) {
            chain = chain.chain(done -> importOne(p, publish, by).map(i -> {
                done.add(i);
                return done;
            }));
        }
        return chain;
    }

    private Uni<Imported> importOne(Parsed p, boolean publish, String by) {
        Uni<ArticleVersion> newest = p.id() == null ? Uni.createFrom().nullItem()
                : articleRows.findById(p.id()).chain(a -> a == null ? Uni.createFrom().<ArticleVersion>nullItem()
                        : versions.find(a.id, a.latestVersion));
        return newest.chain(latest -> {
            if (latest == null) {
                return articles.create(p.id(), p.content(), by).chain(v -> finish(p, v, publish, by, "created"));
            }
            if (sameContent(latest, p.content()) && !ArticleStatus.RETIRED.code().equals(latest.status)) {
                return finish(p, latest, publish, by, "unchanged");
            }
            return articles.edit(p.id(), p.content(), by).chain(v -> finish(p, v, publish, by, "new_version"));
        });
    }

    private Uni<Imported> finish(Parsed p, ArticleVersion v, boolean publish, String by, String action) {
        Uni<ArticleVersion> result = Uni.createFrom().item(v);
        if (publish && ArticleStatus.DRAFT.code().equals(v.status)) {
            result = articles.transition(v.articleId, v.version, ArticleStatus.IN_REVIEW, by);
        }
        if (publish && !ArticleStatus.PUBLISHED.code().equals(v.status)) {
            result = result.chain(x -> articles.transition(v.articleId, v.version, ArticleStatus.PUBLISHED, by));
        }
        return result.map(x -> new Imported(p.file(), x.articleId, x.version, x.status, action));
    }

    /** Every published version as {@code <language>/<kind>/<title-slug>-<id start>.md}. */
    @WithSession
    public Uni<byte[]> exportZip() {
        return versions.allPublished().map(list -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
                Set<String> names = new HashSet<>();
                for (ArticleVersion v : list) {
                    String name = fileName(v);
                    if (!names.add(name)) { // same title and same first 8 characters of the id: the whole id then
                        name = v.language + "/" + v.kind + "/" + Markdown.slug(v.title) + "-" + v.articleId + ".md";
                        names.add(name);
                    }
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(write(v).getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the export", e);
            }
            return bytes.toByteArray();
        });
    }

    static String fileName(ArticleVersion v) {
        return v.language + "/" + v.kind + "/" + Markdown.slug(v.title) + "-" + v.articleId.toString().substring(0, 8) + ".md";
    }

    /** The file of a version: front matter, then the Markdown body. */
    public static String write(ArticleVersion v) {
        FrontMatter front = new FrontMatter(v.articleId.toString(), v.kind, v.title, v.language, Arrays.asList(v.channels),
                Arrays.asList(v.segments), Arrays.asList(v.reasonCodes), Arrays.asList(v.tags), v.owner, v.certification,
                v.effectiveFrom == null ? null : v.effectiveFrom.toString(),
                v.effectiveTo == null ? null : v.effectiveTo.toString());
        try {
            return "---\n" + YAML.writeValueAsString(front) + "---\n\n" + v.body.stripTrailing() + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the front matter of " + v.articleId, e);
        }
    }

    List<Parsed> parse(byte[] zip) {
        if (zip == null || zip.length == 0) {
            throw ProblemException.badRequest("the request body is empty: send the bible as a zip of Markdown files");
        }
        if (zip.length > config.maxImportBytes()) {
            throw ProblemException.badRequest("the zip is larger than " + config.maxImportBytes() + " bytes");
        }
        Map<String, String> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String name = e.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (e.isDirectory() || !name.endsWith(".md") || base.startsWith(".") || name.startsWith("__MACOSX/")
                        || base.equalsIgnoreCase("README.md")) {
                    continue;
                }
                byte[] content = in.readNBytes(config.maxImportBytes() + 1);
                total += content.length;
                if (content.length > config.maxImportBytes() || total > 5L * config.maxImportBytes()) {
                    throw ProblemException.badRequest(name + ": the files are too large once unzipped");
                }
                files.put(name, new String(content, StandardCharsets.UTF_8));
            }
        } catch (ZipException e) {
            throw ProblemException.badRequest("the request body is not a valid zip: " + e.getMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("the zip cannot be read: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw ProblemException.badRequest("the zip holds no Markdown (.md) file: is it a zip of the bible's folder?");
        }
        List<String> faults = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        files.keySet().stream().sorted().forEach(name -> {
            // Text PostgreSQL cannot hold as written (a NUL, a control character) is a fault of the file, not a 500.
            String unsafe = SafeText.problem(name).map(p -> "the file name " + p)
                    .or(() -> SafeText.problem(files.get(name)).map(p -> "the file " + p)).orElse(null);
            if (unsafe != null) {
                faults.add((SafeText.isSafe(name) ? name : "a file") + ": " + unsafe);
                return;
            }
            try {
                Parsed p = parseFile(name, files.get(name));
                if (p.id() != null && !ids.add(p.id())) {
                    faults.add(name + ": id " + p.id() + " is already the id of another file of the zip");
                }
                parsed.add(p);
            } catch (IllegalArgumentException e) {
                faults.add(name + ": " + e.getMessage());
            }
        });
        if (!faults.isEmpty()) {
            throw ProblemException.badRequest("nothing imported; " + faults.size() + (faults.size() == 1 ? " file is" : " files are")
                    + " wrong: " + String.join(" | ", faults.subList(0, Math.min(faults.size(), 20))));
        }
        return parsed;
    }

    static Parsed parseFile(String name, String text) {
        String t = text.replace("\r\n", "\n");
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1);
        }
        if (!t.startsWith("---\n")) {
            throw new IllegalArgumentException("no front matter: the file must start with a line '---', the YAML "
                    + "front matter (kind, title, language…), a line '---', then the Markdown body");
        }
        int end = t.indexOf("\n---", 3);
        while (end >= 0 && !(t.startsWith("\n---\n", end) || t.length() == end + 4)) {
            end = t.indexOf("\n---", end + 1);
        }
        if (end < 0) {
            throw new IllegalArgumentException("the front matter is not closed by a line '---'");
        }
        String yaml = t.substring(4, end + 1);
        String body = t.substring(Math.min(t.length(), end + 5)).replaceFirst("^\\n+", "").stripTrailing();
        FrontMatter f;
        try {
            f = YAML.readValue(yaml.isBlank() ? "{}" : yaml, FrontMatter.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown front matter field '" + e.getPropertyName() + "' (known: id, kind, "
                    + "title, language, channels, segments, reasonCodes, tags, owner, certification, effectiveFrom, effectiveTo)");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the front matter is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + (e.getLocation().getLineNr() + 1) + ")"));
        }
        if (f == null) {
            throw new IllegalArgumentException("the front matter is empty");
        }
        List<String> faults = new ArrayList<>();
        UUID id = null;
        if (f.id() != null) {
            try {
                id = UUID.fromString(f.id());
            } catch (IllegalArgumentException e) {
                faults.add("id '" + f.id() + "' is not a UUID");
            }
        }
        ArticleKind kind = null;
        if (f.kind() != null) {
            try {
                kind = ArticleKind.fromCode(f.kind());
            } catch (IllegalArgumentException e) {
                faults.add("kind '" + f.kind() + "' is not fundamentals, communication_rule, procedure or offer");
            }
        }
        Set<Channel> channels = new LinkedHashSet<>();
        for (String c : orEmpty(f.channels())) {
            try {
                channels.add(Channel.valueOf(String.valueOf(c).toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                faults.add("channel '" + c + "' is not phone, mail or chat");
            }
        }
        Instant from = instant("effectiveFrom", f.effectiveFrom(), false, faults);
        Instant to = instant("effectiveTo", f.effectiveTo(), true, faults);
        ArticleContent content = new ArticleContent(kind, f.title(), body, f.language(), channels,
                new LinkedHashSet<>(orEmpty(f.segments())), new LinkedHashSet<>(orEmpty(f.reasonCodes())),
                new LinkedHashSet<>(orEmpty(f.tags())), f.owner(), f.certification(), from, to);
        faults.addAll(content.faults());
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", faults));
        }
        return new Parsed(name, id, content);
    }

    /** An instant ({@code 2026-11-23T08:00:00Z}) or a date: from its start, or (an end) until the end of that day, UTC. */
    static Instant instant(String field, String value, boolean end, List<String> faults) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            faults.add(field + " '" + value + "' is neither a date (2026-11-23) nor an instant (2026-11-23T08:00:00Z)");
            return null;
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static boolean sameContent(ArticleVersion v, ArticleContent c) {
        return Objects.equals(v.kind, c.kind().code()) && Objects.equals(v.title, c.title().strip())
                && Objects.equals(v.body.stripTrailing(), c.body().stripTrailing()) && Objects.equals(v.language, c.language())
                && Set.of(v.channels).equals(c.channels().stream().map(Channel::code).collect(java.util.stream.Collectors.toSet()))
                && Set.of(v.segments).equals(c.segments()) && Set.of(v.reasonCodes).equals(c.reasonCodes())
                && Set.of(v.tags).equals(c.tags()) && Objects.equals(v.owner, c.owner())
                && Objects.equals(v.certification, c.certification()) && Objects.equals(v.effectiveFrom, c.effectiveFrom())
                && Objects.equals(v.effectiveTo, c.effectiveTo());
    }
}

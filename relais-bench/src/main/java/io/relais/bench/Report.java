package io.relais.bench;

import java.util.List;
import java.util.Map;

/** The short Markdown summary of a run's result. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("## Bench run ").append(r.get("label")).append(" (").append(r.get("runId")).append(")\n\n");
        md.append("- started ").append(r.get("startedAt")).append("; machine ").append(r.get("machine")).append('\n');
        md.append("- ").append(r.get("loadBefore")).append(" before, ").append(r.get("loadAfter")).append(" after\n");
        md.append("- profile `").append(r.get("profile")).append("`, overrides ").append(r.get("overrides")).append('\n');
        md.append("- offered ").append(r.get("offeredPerSecond")).append("/s, completed during the load ")
                .append(r.get("completedPerSecondDuringLoad")).append("/s\n");
        md.append("- counts ").append(r.get("counts")).append('\n');
        md.append("- **lost ").append(r.get("lost")).append(", doubled ").append(r.get("doubled")).append("**\n");
        if (r.get("fault") != null) {
            md.append("- fault ").append(r.get("fault")).append('\n');
        }
        md.append("\n| latency (ms) | count | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|\n");
        Map<String, Map<String, Object>> lat = (Map<String, Map<String, Object>>) r.get("latenciesMs");
        lat.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.get("count")).append(" | ")
                .append(v.getOrDefault("p50", "")).append(" | ").append(v.getOrDefault("p99", "")).append(" | ")
                .append(v.getOrDefault("p999", "")).append(" | ").append(v.getOrDefault("max", "")).append(" |\n"));
        md.append("\nRouting-internal (ready consumed → offer committed, from routing-service's histogram): ")
                .append(r.get("routingInternalMs")).append(" ms; a batch's transaction: ").append(r.get("routingBatchMs"))
                .append(" ms\n");
        md.append("\nRatios to the loaded floor: ").append(r.get("ratioToFloor")).append("\n\n");
        Map<String, Map<String, Object>> cpu = (Map<String, Map<String, Object>>) r.get("cpuDuringLoad");
        md.append("| process | CPU ms | CPU ms per contact (arrived during the load) | share of one core |\n|---|---|---|---|\n");
        cpu.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.get("cpuMs")).append(" | ")
                .append(v.get("cpuMsPerContact")).append(" | ").append(v.get("share")).append(" |\n"));
        Map<String, Map<String, Object>> databases = (Map<String, Map<String, Object>>) r.get("databasePerContact");
        if (databases != null && !databases.isEmpty()) {
            md.append("\n| database (per contact arrived during the load) | commits | rows inserted | updated | deleted |\n"
                    + "|---|---|---|---|---|\n");
            databases.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.get("commits")).append(" | ")
                    .append(v.get("inserted")).append(" | ").append(v.get("updated")).append(" | ").append(v.get("deleted"))
                    .append(" |\n"));
        }
        Map<String, Map<String, Object>> steps = (Map<String, Map<String, Object>>) r.get("perStep");
        if (steps != null && steps.size() > 1) {
            md.append("\n| step | rate | arrivals | ingest→offer p50 / p99 (ms) | CPU ms per contact |\n|---|---|---|---|---|\n");
            steps.forEach((k, v) -> {
                Map<String, Object> io = (Map<String, Object>) v.get("ingestToOfferMs");
                md.append("| ").append(k).append(" | ").append(v.get("rate")).append(" | ").append(v.get("arrivals"))
                        .append(" | ").append(io.getOrDefault("p50", "")).append(" / ").append(io.getOrDefault("p99", ""))
                        .append(" | ").append(v.getOrDefault("cpuMsPerContact", "")).append(" |\n");
            });
        }
        if (r.get("erlang") != null) {
            md.append("\nErlang C: ").append(r.get("erlang")).append('\n');
        }
        List<?> problems = (List<?>) r.get("problems");
        if (problems != null && !problems.isEmpty()) {
            md.append("\nFirst problems: ").append(problems).append('\n');
        }
        return md.toString();
    }
}

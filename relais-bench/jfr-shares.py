#!/usr/bin/env python3
"""Share of JFR execution samples by category (first match wins, stack searched top-down) and top self frames.
usage: python3 relais-bench/jfr-shares.py recording.jfr [top-frames]
(docs/performance.md: the shares of the JFR tables, from a recording of ./bench.sh ... jfr=on)"""
import subprocess, sys, re, collections
CATS = [
    ("Hibernate auto-flush", r"DefaultReactiveAutoFlushEventListener"),
    ("Hibernate flush", r"org\.hibernate\.reactive\.event\.impl\..*Flush|AbstractReactiveFlushingEventListener"),
    ("Hibernate persist", r"ReactivePersistEventListener|DefaultReactivePersist"),
    ("Hibernate load", r"ReactiveLoadEventListener|DefaultReactiveLoad|ReactiveAbstractEntityLoader|ReactiveSingleIdEntityLoader"),
    ("Hibernate query (HQL/native)", r"org\.hibernate\.reactive\.query|org\.hibernate\.query\.|org\.hibernate\.sql\."),
    ("Hibernate other", r"org\.hibernate\."),
    ("Vert.x PG client", r"io\.vertx\.pgclient|io\.vertx\.sqlclient"),
    ("Kafka client", r"org\.apache\.kafka\."),
    ("SmallRye Reactive Messaging", r"io\.smallrye\.reactive\.messaging"),
    ("Jackson", r"com\.fasterxml\.jackson"),
    ("Micrometer", r"io\.micrometer"),
    ("Vert.x HTTP / Netty / RESTEasy", r"io\.netty|io\.vertx\.core\.http|org\.jboss\.resteasy|io\.quarkus\.vertx\.http"),
    ("Relais code", r"io\.relais\."),
]
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", sys.argv[1]],
                     capture_output=True, text=True).stdout
samples = []
cur = None
for line in out.splitlines():
    if line.startswith("jdk.ExecutionSample"):
        cur = []; samples.append(cur)
    elif cur is not None:
        m = re.match(r"\s+([\w$.<>/]+)\(", line)
        if m:
            cur.append(m.group(1))
cats = collections.Counter(); selfs = collections.Counter()
for st in samples:
    if not st: continue
    selfs[st[0]] += 1
    for name, rx in CATS:
        if any(re.search(rx, f) for f in st):
            cats[name] += 1; break
    else:
        cats["other (JDK, Mutiny, Quarkus)"] += 1
n = sum(cats.values())
print(f"{n} samples")
for name, _ in CATS + [("other (JDK, Mutiny, Quarkus)", "")]:
    print(f"{name:40s} {100*cats[name]/max(n,1):5.1f}%")
plan = sum(1 for st in samples if any("QueryInterpretationCacheStandardImpl" in f for f in st))
print(f"{'(any stack) Hibernate plan cache':40s} {100*plan/max(n,1):5.1f}%")
print("top self frames:")
for f, c in selfs.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 15):
    print(f"  {100*c/n:5.1f}%  {f}")

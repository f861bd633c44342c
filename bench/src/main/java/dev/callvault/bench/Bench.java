package dev.callvault.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bench/run}'s entry point: runs the scenarios, writes the results file and plots, prints the summary.
 *
 * <p>Arguments: {@code [--only name,name] [--quick] [--results DIR]}; the repository root comes from the system
 * property {@code callvault.root} (set by {@code bench/run}).
 */
public final class Bench {

    private Bench() {
    }

    /**
     * @param args see the class comment
     * @throws IOException if the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(System.getProperty("callvault.root", ".")).toAbsolutePath().normalize();
        Path results = root.resolve("bench/results");
        Set<String> only = Set.of();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Arrays.stream(args[++i].split(",")).map(String::trim)
                        .collect(Collectors.toSet());
                case "--quick" -> quick = true;
                case "--results" -> results = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("usage: bench/run [--only name,name] [--quick] [--results DIR]; scenarios: "
                            + Scenarios.all().stream().map(Scenario::name).collect(Collectors.joining(", ")));
                    System.exit(2);
                }
            }
        }
        Machine machine = Machine.current();
        String runName = LocalDate.now(ZoneOffset.UTC) + "-" + machine.host() + (quick ? "-quick" : "");
        Path work = Files.createDirectories(root.resolve(".local/bench/" + runName));
        BenchContext context = new BenchContext(root, results, runName, work, machine, quick);
        Instant started = Instant.now();
        List<Section> sections = new ArrayList<>();
        for (Scenario scenario : Scenarios.all()) {
            if (!only.isEmpty() && !only.contains(scenario.name())) {
                continue;
            }
            System.out.println("== " + scenario.name());
            try {
                sections.add(scenario.run(context));
            } catch (Exception e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                System.err.println(scenario.name() + " failed: " + trace);
                sections.add(new Section(scenario.name() + ": failed", "The scenario failed:\n\n```\n"
                        + trace.toString().lines().limit(20).collect(Collectors.joining("\n")) + "\n```\n",
                        List.of(new Section.SummaryRow(scenario.name(), "failed", e.getClass().getSimpleName(),
                                String.valueOf(e.getMessage()))), List.of()));
            }
        }
        String command = "bench/run " + String.join(" ", args);
        Path file = Report.write(context, started, command, sections);
        System.out.println();
        System.out.println(Report.summaryTable(sections));
        System.out.println("Results: " + root.relativize(file));
    }
}

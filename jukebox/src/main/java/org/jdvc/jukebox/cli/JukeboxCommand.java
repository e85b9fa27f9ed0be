package org.jdvc.jukebox.cli;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.KaggleCsv;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.JukeboxVersion;
import org.jdvc.jukebox.train.Evaluation;
import org.jdvc.jukebox.train.Loss;
import org.jdvc.jukebox.train.Trainer;
import org.jdvc.jukebox.train.Training;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jukebox}: the command line of the song-hit system. Commands only translate: parse, call, print. Errors are
 * one line on stderr ({@link ErrorMessages}) and exit 1, a stack trace only with {@code -v}; bad arguments exit 2.
 */
@Command(name = "jukebox", version = "jukebox " + JukeboxVersion.VERSION, sortOptions = false,
        description = "Song-hit prediction on jdvc: synthetic data, the training pipeline, a model registry, an Open "
                + "Inference Protocol v2 server, drift monitoring.",
        subcommands = {JukeboxCommand.Generate.class, JukeboxCommand.Train.class, ServeCommand.class,
                MlopsCommands.Ingest.class, MlopsCommands.Prepare.class, MlopsCommands.Evaluate.class,
                MlopsCommands.Register.class, MlopsCommands.Models.class, MlopsCommands.Promote.class,
                MlopsCommands.Recover.class, MlopsCommands.Compare.class, MonitorCommand.class,
                MlopsCommands.DemoCommand.class})
public final class JukeboxCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version.")
    boolean version;
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs {@code args}; returns the exit code: 0 ok, 1 failed, 2 bad arguments. Never throws. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        PrintStream saved = System.out;
        // NOTE: commands print with System.out (the demo's story, training logs); a caller's stream takes it here,
        // before picocli is set up (it makes writers on System.out of its own for some help requests)
        System.setOut(out);
        JukeboxCommand root = new JukeboxCommand();
        CommandLine cl = new CommandLine(root);
        PrintWriter outWriter = new PrintWriter(out, true), errWriter = new PrintWriter(err, true);
        writeTo(cl, outWriter, errWriter);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("jukebox: " + ErrorMessages.of(e));
            if (root.verbose) {
                e.printStackTrace(err);
            }
            return 1;
        });
        cl.setParameterExceptionHandler((e, args1) -> {
            CommandLine c = e.getCommandLine();
            err.println(c.getCommandName() + ": " + e.getMessage());
            err.println("(" + c.getCommandSpec().qualifiedName() + " --help lists the options)");
            return 2;
        });
        try {
            return cl.execute(args);
        } finally {
            // NOTE: picocli prints help with print(), which a PrintWriter only flushes on println
            outWriter.flush();
            errWriter.flush();
            System.setOut(saved);
        }
    }

    /** Sets the writers of {@code cl} and every subcommand (picocli gives subcommands System.out's otherwise). */
    private static void writeTo(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.getSubcommands().values().forEach(sub -> writeTo(sub, out, err));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "generate", sortOptions = false, description = "Write synthetic song_properties.parquet and "
            + "song_rankings.parquet, shaped like the real tables; with --new-days, day 1's tables grown by new data.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", defaultValue = ".", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--seed", defaultValue = "42", description = "Random seed: same seed, same tables.")
        long seed;
        @Option(names = "--songs", defaultValue = "14245", description = "Songs on day 1 (default: ${DEFAULT-VALUE}).")
        int songs;
        @Option(names = "--days", defaultValue = "365", description = "Chart days on day 1 (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--new-days", defaultValue = "0", description = "New data: append this many chart days to "
                + "the tables of --songs/--days (same seed).")
        int newDays;
        @Option(names = "--new-songs", defaultValue = "0", description = "New data: songs released during --new-days.")
        int newSongs;
        @Option(names = "--trend", defaultValue = "0", description = "New data: how far the new songs lean towards "
                + "danceable, short, loud, not acoustic (in standard deviations; default 0).")
        double trend;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(seed).withSongs(songs)
                    .withDays(days));
            if (newDays > 0 || newSongs > 0) {
                gen = gen.grow(newSongs, Math.max(1, newDays), trend);
            }
            List<Song> s = gen.songs();
            List<Ranking> r = gen.rankings(s, Runtime.getRuntime().availableProcessors());
            long t1 = System.nanoTime();
            Files.createDirectories(out);
            SongTables.writeSongs(out.resolve("song_properties.parquet"), s);
            SongTables.writeRankings(out.resolve("song_rankings.parquet"), r);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%d songs, %d ranking rows: generated in %.1f s, written in %.1f s%n",
                    s.size(), r.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            return 0;
        }
    }

    @Command(name = "train", sortOptions = false, description = "Train on song_properties + song_rankings (Parquet), "
            + "a Kaggle CSV, or the prepare stage's split (--prepared: the pipeline's train stage); write model.onnx, "
            + "scaler.json, labels.json.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--prepared", description = "The prepare stage's output directory (train.csv).")
        Path prepared;
        @Option(names = "--params", description = "params.yaml (train.*), with --prepared.")
        Path params;
        @Option(names = "--properties", description = "song_properties.parquet.")
        Path properties;
        @Option(names = "--rankings", description = "song_rankings.parquet.")
        Path rankings;
        @Option(names = "--csv", description = "A Kaggle-format CSV instead of the two tables.")
        Path csv;
        @Option(names = "--out", defaultValue = ".", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--epochs", defaultValue = "30", description = "Most epochs, without --prepared "
                + "(default: ${DEFAULT-VALUE}; early stopping may end sooner).")
        int epochs;
        @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the weights, without "
                + "--prepared.")
        long seed;
        @Option(names = "--loss", defaultValue = "categorical", description = "categorical (upstream's) or binary, "
                + "without --prepared (default: ${DEFAULT-VALUE}).")
        String loss;
        @Option(names = "--threads", defaultValue = "2", description = "Training threads; the result does not "
                + "depend on them.")
        int threads;
        @Option(names = "--per-country", description = "Print per-country recall.")
        boolean perCountry;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            if (prepared != null) {
                Params p = params != null ? Params.read(params) : Params.defaults();
                Trainer.Fit fit = Stages.train(prepared, p, out, threads);
                System.out.printf(Locale.ROOT, "trained in %.1f s: %d epochs, best %d (validation loss %s)%n",
                        (System.nanoTime() - t0) / 1e9, fit.epochsRun(), fit.bestEpoch(),
                        fit.validationLoss().length == 0 ? "not measured" : String.format(Locale.ROOT, "%.5f",
                                fit.validationLoss()[fit.bestEpoch() - 1]));
                return 0;
            }
            List<Song> songs;
            List<Ranking> ranks;
            if (csv != null) {
                KaggleCsv.Tables t = KaggleCsv.read(csv);
                songs = t.songs();
                ranks = t.rankings();
            } else if (properties != null && rankings != null) {
                songs = SongTables.readSongs(properties).songs();
                ranks = SongTables.readRankings(rankings);
            } else {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "give --prepared, --csv, or --properties and --rankings");
            }
            long t1 = System.nanoTime();
            Training.Result result = new Training().songs(songs).rankings(ranks)
                    .options(Trainer.Options.defaults(seed).withEpochs(epochs).withThreads(threads)
                            .withLoss(Loss.of(loss))).call();
            Files.createDirectories(out);
            OnnxExport.write(result.model(), out.resolve(Stages.MODEL));
            result.scaler().write(out.resolve(Stages.SCALER));
            Files.writeString(out.resolve(Stages.LABELS),
                    "[" + String.join(",", Countries.codes().stream().map(c -> "\"" + c + "\"").toList()) + "]\n");
            Evaluation e = result.evaluation();
            System.out.printf(Locale.ROOT, "read %d songs, %d rows in %.1f s; joined %d rows (%d songs) in %.1f s; "
                            + "trained in %.1f s%n%s%n", songs.size(), ranks.size(), (t1 - t0) / 1e9,
                    result.training().rows() + result.heldOut().rows(),
                    result.training().size() + result.heldOut().size(), result.joinTime().toMillis() / 1e3,
                    result.trainTime().toMillis() / 1e3, e.summary());
            if (perCountry) {
                for (Evaluation.CountryScore c : e.countries()) {
                    System.out.printf(Locale.ROOT, "%s rows %d recall@1 %.3f recall@5 %.3f%n", c.country(), c.rows(),
                            c.recallAt1(), c.recallAt5());
                }
            }
            return 0;
        }
    }
}

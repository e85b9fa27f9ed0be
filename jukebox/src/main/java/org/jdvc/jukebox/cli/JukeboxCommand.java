package org.jdvc.jukebox.cli;

import org.jdvc.jukebox.data.Countries;
import org.jdvc.jukebox.data.KaggleCsv;
import org.jdvc.jukebox.data.Ranking;
import org.jdvc.jukebox.data.Song;
import org.jdvc.jukebox.data.SongTables;
import org.jdvc.jukebox.data.SyntheticSongs;
import org.jdvc.jukebox.onnx.OnnxExport;
import org.jdvc.jukebox.serve.InferenceServer;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.Evaluation;
import org.jdvc.jukebox.train.MinMaxScaler;
import org.jdvc.jukebox.train.Trainer;
import org.jdvc.jukebox.train.Training;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code jukebox generate | train | serve}: the command line of the song-hit system. Commands only translate. */
@Command(name = "jukebox", mixinStandardHelpOptions = true, version = "jukebox 0.1.0",
        description = "Song-hit prediction: synthetic data, training, ONNX export, v2 inference server.",
        subcommands = {JukeboxCommand.Generate.class, JukeboxCommand.Train.class, JukeboxCommand.Serve.class,
                MlopsCommands.Ingest.class, MlopsCommands.Prepare.class, MlopsCommands.Evaluate.class,
                MlopsCommands.Register.class, MlopsCommands.Models.class, MlopsCommands.Recover.class,
                MlopsCommands.Compare.class, MlopsCommands.DemoCommand.class})
public final class JukeboxCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new JukeboxCommand()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "generate", description = "Write synthetic song_properties.parquet and song_rankings.parquet.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", defaultValue = ".", description = "output directory (default: ${DEFAULT-VALUE})")
        Path out;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--songs", defaultValue = "14245")
        int songs;
        @Option(names = "--days", defaultValue = "365")
        int days;
        @Option(names = "--new-days", defaultValue = "0", description = "day 2: append this many chart days to the "
                + "tables of --songs/--days (same seed)")
        int newDays;
        @Option(names = "--new-songs", defaultValue = "0", description = "day 2: songs released during --new-days")
        int newSongs;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            SyntheticSongs gen = new SyntheticSongs(SyntheticSongs.Options.defaults(seed).withSongs(songs)
                    .withDays(days));
            if (newDays > 0 || newSongs > 0) {
                gen = gen.grow(newSongs, newDays);
            }
            List<Song> s = gen.songs();
            List<Ranking> r = gen.rankings(s, Runtime.getRuntime().availableProcessors());
            long t1 = System.nanoTime();
            SongTables.writeSongs(out.resolve("song_properties.parquet"), s);
            SongTables.writeRankings(out.resolve("song_rankings.parquet"), r);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%d songs, %d ranking rows: generated in %.1f s, written in %.1f s%n",
                    s.size(), r.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            return 0;
        }
    }

    @Command(name = "train", description = "Train on song_properties + song_rankings (Parquet), a Kaggle CSV or the "
            + "prepare stage's split (--prepared, the pipeline's train stage); write model.onnx, scaler.json, "
            + "labels.json.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--prepared", description = "the prepare stage's output directory (train.csv)")
        Path prepared;
        @Option(names = "--params", description = "params.yaml (train.*), with --prepared")
        Path params;
        @Option(names = "--properties", description = "song_properties.parquet")
        Path properties;
        @Option(names = "--rankings", description = "song_rankings.parquet")
        Path rankings;
        @Option(names = "--csv", description = "a Kaggle-format CSV instead of the two tables")
        Path csv;
        @Option(names = "--out", defaultValue = ".")
        Path out;
        @Option(names = "--epochs", defaultValue = "30")
        int epochs;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--threads", defaultValue = "2")
        int threads;
        @Option(names = "--per-country", description = "print per-country recall")
        boolean perCountry;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            if (prepared != null) {
                org.jdvc.jukebox.pipeline.Params p = params != null ? org.jdvc.jukebox.pipeline.Params.read(params)
                        : org.jdvc.jukebox.pipeline.Params.defaults();
                org.jdvc.jukebox.pipeline.Stages.train(prepared, p, out, threads);
                System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
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
                        "give --csv, or --properties and --rankings");
            }
            long t1 = System.nanoTime();
            Training.Result result = new Training().songs(songs).rankings(ranks)
                    .options(Trainer.Options.defaults(seed).withEpochs(epochs).withThreads(threads)).call();
            Files.createDirectories(out);
            OnnxExport.write(result.model(), out.resolve("model.onnx"));
            result.scaler().write(out.resolve("scaler.json"));
            Files.writeString(out.resolve("labels.json"),
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

    @Command(name = "serve", description = "Serve an ONNX model with the Open Inference Protocol v2.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--model", required = true)
        Path model;
        @Option(names = "--port", defaultValue = "8080")
        int port;
        @Option(names = "--host", defaultValue = "127.0.0.1")
        String host;
        @Option(names = "--scaler", description = "scaler.json: take raw features and add country_codes")
        Path scaler;

        @Override
        public Integer call() throws Exception {
            InferenceServer.Options o = InferenceServer.Options.defaults().withPort(port).withHost(host);
            if (scaler != null) {
                o = o.withScaler(MinMaxScaler.read(scaler));
            }
            OnnxModel m = new OnnxModel(model);
            InferenceServer server = new InferenceServer(m, o);
            System.out.println("serving " + model + " on http://" + host + ":" + server.port() + "/v2/models/"
                    + o.modelName());
            Thread.currentThread().join();
            return 0;
        }
    }
}

// Command ferretdb-launcher runs FerretDB 1.24.2 through its embeddable package, and,
// when asked, the PostgreSQL server that FerretDB stores its data in.
//
// `go install` of FerretDB's own command builds a binary that panics at start
// (its module ships without build/version/version.txt), so the app starts this
// launcher instead. It prints one line "listening <address>" on stdout once the
// listener is bound (a socket path, or host:port so that the app can ask for port 0
// and learn the real port), logs to stderr at the chosen level, and stops cleanly on
// SIGTERM or SIGINT, or when its parent closes stdin (so it never outlives a crashed app).
// With --log-file it writes its log itself, owner-only, keeping the last lines (logfile.go).
//
// The app's own engine listens only on a Unix socket inside the owner-only data folder
// (--listen-unix): FerretDB 1.x has no authentication of its own, so a TCP port on
// 127.0.0.1 would let any local account read and write every document. The socket is
// created 0600 (umask) in a 0700 folder: only the app's user can connect.
//
// With --pg-bin and --pg-data it first starts that PostgreSQL on a free local port,
// as the `postgres` user when run as root (PostgreSQL refuses root), with a parent
// death signal: even a SIGKILL of the launcher stops PostgreSQL, so no server is
// ever left running on the app's data. The password comes from the environment
// (KRN_PG_PASSWORD), never from the command line that `ps` shows.
//
// --handler=sqlite remains only so that the app can copy a database of the previous
// version (FerretDB on SQLite) into PostgreSQL once.
package main

import (
	"bufio"
	"context"
	"crypto/md5"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/jackc/pgx/v5"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func init() {
	// The parent death signal of a child is tied to the OS thread that started it:
	// keep main on one thread for the life of the process.
	runtime.LockOSThread()
}

func main() {
	listen := flag.String("listen", "", "TCP address to listen on (port 0 picks a free port); unset: no TCP listener")
	listenUnix := flag.String("listen-unix", "", "Unix socket path to listen on (created 0600; a stale socket is removed)")
	pgPoolMax := flag.Int("pg-pool-max", 0, "most PostgreSQL connections FerretDB opens (0: FerretDB's default, 50)")
	handler := flag.String("handler", "postgresql", "backend: postgresql, or sqlite (to read an old database)")
	sqliteURL := flag.String("sqlite-url", "file:data/db/", "SQLite directory URI (must end with /)")
	pgURL := flag.String("postgresql-url", "", "URL of an existing PostgreSQL (unless --pg-bin is given)")
	pgBin := flag.String("pg-bin", "", "path of the postgres binary to run (embedded PostgreSQL)")
	pgData := flag.String("pg-data", "", "data directory of the embedded PostgreSQL (initialised by the app)")
	var pgOptions multiFlag
	flag.Var(&pgOptions, "pg-option", "a PostgreSQL setting name=value (repeatable)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchStdin := flag.Bool("watch-stdin", false, "stop when stdin is closed (the parent died)")
	logFile := flag.String("log-file", "", "write the log (FerretDB's, PostgreSQL's, the launcher's) to this file, 0600; unset: stderr")
	logMax := flag.Int64("log-max-bytes", 1<<20, "cut the log file back to its last half past this size")
	gcPercent := flag.Int("gc-percent", 400, "Go's GOGC for FerretDB (the environment's GOGC wins when set)")
	flag.Parse()
	// FerretDB turns every row into Go values and back to BSON: garbage per command in
	// proportion to the document. With Go's default (100) the collector ran after every
	// few commands; at 400 it runs a quarter as often, for a heap of a few tens of MB:
	// a progress document's read took 40 % less CPU (engine_bench_test.go).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(*gcPercent)
	}
	if *logFile != "" {
		f, err := openTailFile(*logFile, *logMax)
		if err != nil {
			fatal("cannot open the log file: %v", err)
		}
		logOut = f
	}
	if *listen == "" && *listenUnix == "" {
		fatal("give --listen-unix=PATH or --listen=HOST:PORT")
	}
	// Everything this process creates (the socket above all) is for its own user only.
	syscall.Umask(0o077)
	if *listenUnix != "" {
		if err := prepareSocketPath(*listenUnix); err != nil {
			fatal("%v", err)
		}
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fatal("bad --log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))

	// Why the launcher stops, said on its last line: the app's log then tells a stop it
	// asked for from a crash. The app runs this process in its own process group, so a
	// Ctrl-C in the terminal reaches the app alone, which finishes its requests first.
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := func() { cancel(errors.New("FerretDB stopped")) }
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		sig := <-signals
		cancel(fmt.Errorf("signal %v", sig))
	}()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			cancel(errors.New("the app closed its pipe (stopped or gone)"))
		}()
	}

	var pg *exec.Cmd
	if *pgBin != "" {
		var url string
		var err error
		pg, url, err = startPostgres(ctx, *pgBin, *pgData, pgOptions)
		if err != nil {
			fatal("cannot start PostgreSQL: %v", err)
		}
		*pgURL = url
	}

	ferretURL := *pgURL
	if *handler == "postgresql" {
		var err error
		if ferretURL, err = ferretdbPostgreSQLURL(*pgURL, *pgPoolMax); err != nil {
			stopPostgres(pg)
			fatal("bad PostgreSQL URL: %v", err)
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen, Unix: *listenUnix},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: ferretURL,
	})
	if err != nil {
		stopPostgres(pg)
		fatal("cannot start FerretDB: %v", err)
	}

	if *handler == "postgresql" {
		if pg != nil {
			// Our own server: make the setting the database's too (the command line
			// already has it), for any other client such as a maintenance session.
			go setDatabasePlanCacheMode(ctx, logger, *pgURL)
		}
		go ensureFieldIndexes(ctx, logger, *pgURL)
	}

	if *listenUnix != "" {
		// Already 0600 through the umask; say so explicitly, whatever the umask did.
		if err := os.Chmod(*listenUnix, 0o600); err != nil {
			stopPostgres(pg)
			fatal("cannot restrict the socket: %v", err)
		}
		fmt.Printf("listening %s\n", *listenUnix)
	} else {
		uri := f.MongoDBURI()
		host := strings.TrimSuffix(strings.TrimPrefix(uri, "mongodb://"), "/")
		fmt.Printf("listening %s\n", host)
	}

	if pg != nil {
		// PostgreSQL gone on its own (killed, crashed): FerretDB cannot serve without it.
		// Exit, so that the app sees the engine stop and starts a new one.
		go func() {
			err := <-exitedResult
			if ctx.Err() == nil {
				fatal("stopped (PostgreSQL stopped unexpectedly: %v)", err)
			}
			exitedResult <- err
		}()
	}

	// The stop protocol: SIGTERM, SIGINT or the parent gone (stdin closed) ends Run once
	// FerretDB's connections are closed; then PostgreSQL gets a fast shutdown (its data
	// flushed) and the launcher waits for it to finish before it exits, so that the next
	// start (or a restore) finds the data folder free.
	runErr := f.Run(ctx)
	stop() // from here on, PostgreSQL stopping is expected
	if pg != nil {
		say("stopping: FerretDB closed, waiting for PostgreSQL to shut down")
		stopPostgres(pg)
	}
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		fatal("stopped (FerretDB: %v)", runErr)
	}
	say("stopped (%v)", context.Cause(ctx))
}

// logOut receives every log line: the log file, or stderr.
var logOut io.Writer = os.Stderr

// say writes one line of the launcher's own, with the time, to the log.
func say(format string, args ...any) {
	fmt.Fprintf(logOut, time.Now().UTC().Format(time.RFC3339)+" ferretdb-launcher: "+format+"\n", args...)
}

// fatal says why the launcher stops, in the log and on stderr (the app shows it).
func fatal(format string, args ...any) {
	say(format, args...)
	if logOut != io.Writer(os.Stderr) {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: "+format+"\n", args...)
	}
	os.Exit(1)
}

// maxSocketPath is the longest socket path Linux accepts (sun_path is 108 bytes with its NUL).
const maxSocketPath = 107

// prepareSocketPath refuses a path too long for a socket, and removes the socket that a
// killed launcher left behind (bind fails on an existing file). Anything else at that
// path (a regular file, a folder) is left alone and refused.
func prepareSocketPath(path string) error {
	if len(path) > maxSocketPath {
		return fmt.Errorf("socket path too long (%d bytes, at most %d): %s", len(path), maxSocketPath, path)
	}
	info, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&os.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("another engine is listening on %s", path)
	}
	return os.Remove(path)
}

// ferretdbPostgreSQLURL is the URL FerretDB's pool opens its connections with: at most
// poolMax connections (0 keeps FerretDB's 50), so that its pool leaves room on the server
// for everything else; and plan_cache_mode=force_custom_plan on every connection, because
// FerretDB prepares `_jsonb->$1 @> $2` with the field name as a parameter and a generic
// plan cannot use the GIN index of that field (a sequential scan on every lookup).
// pgx sends unknown URL parameters as run-time settings at connection start.
func ferretdbPostgreSQLURL(raw string, poolMax int) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if poolMax > 0 {
		q.Set("pool_max_conns", strconv.Itoa(poolMax))
	}
	q.Set("plan_cache_mode", "force_custom_plan")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// setDatabasePlanCacheMode makes force_custom_plan the setting of the database itself.
func setDatabasePlanCacheMode(ctx context.Context, logger *slog.Logger, url string) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		logger.Warn("plan_cache_mode", "err", err)
		return
	}
	defer conn.Close(context.Background())
	var db string
	if err = conn.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err == nil {
		_, err = conn.Exec(ctx, fmt.Sprintf(`ALTER DATABASE %s SET plan_cache_mode = force_custom_plan`, pgx.Identifier{db}.Sanitize()))
	}
	if err != nil && ctx.Err() == nil {
		logger.Warn("plan_cache_mode", "err", err)
	}
}

// startPostgres runs the embedded PostgreSQL on a free port of 127.0.0.1 and waits
// until it accepts connections. Its log lines go to our stderr (the engine log).
func startPostgres(ctx context.Context, bin, data string, options []string) (*exec.Cmd, string, error) {
	password := os.Getenv("KRN_PG_PASSWORD")
	if data == "" || password == "" {
		return nil, "", errors.New("--pg-data and KRN_PG_PASSWORD are required with --pg-bin")
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	args := []string{"-D", data, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "plan_cache_mode=force_custom_plan"}
	for _, o := range options {
		args = append(args, "-c", o)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "LC_MESSAGES=C", "KRN_PG_PASSWORD=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT, Setpgid: true}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, "", fmt.Errorf("running as root needs a `postgres` user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	cmd.Stdout = logOut
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	ready := make(chan struct{})
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logOut, "postgresql: "+line)
			if !once && strings.Contains(line, "ready to accept connections") {
				once = true
				close(ready)
			}
		}
	}()
	exited := make(chan error, 1)
	// Wait closes the pipe: only after the last line is read, or PostgreSQL's last words
	// (why it stopped) would be lost.
	go func() {
		<-drained
		exited <- cmd.Wait()
	}()
	select {
	case <-ready:
	case err := <-exited:
		return nil, "", fmt.Errorf("postgres exited at start: %v (see the lines above)", err)
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		return nil, "", errors.New("postgres did not become ready within 60 s")
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGINT)
		return nil, "", ctx.Err()
	}
	// Wait() is owned by the goroutine above; stopPostgres reads its result.
	go func() {
		err := <-exited
		exitedResult <- err
	}()
	u := url.URL{Scheme: "postgres", User: url.UserPassword("postgres", password),
		Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Path: "/postgres"}
	return cmd, u.String(), nil
}

var exitedResult = make(chan error, 1)

// stopPostgres asks for a fast shutdown (SIGINT: clients disconnected, data flushed)
// and waits for it; after 30 s, an immediate shutdown (SIGQUIT).
func stopPostgres(cmd *exec.Cmd) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-exitedResult:
	case <-time.After(30 * time.Second):
		say("PostgreSQL did not stop within 30 s: immediate shutdown")
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		<-exitedResult
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// ensureFieldIndexes makes the app's lookups use indexes on PostgreSQL. FerretDB 1.24
// pushes a top-level equality down as `(_jsonb->'field') @> '<value>'`, but the indexes it
// creates are B-trees, which PostgreSQL cannot use for `@>`: every such query read the
// whole table (0.9 s for `find({ user })` over 200,000 attempts). A GIN jsonb_path_ops
// index on the same expression serves it (10 ms, measured). So this adds that GIN index
// for `_id` of every collection (FerretDB's own `_id` index is a B-tree too: a
// `findOne({ _id })` read 8,287 users in 10.8 ms, 0.07 ms with the GIN index) and for
// every field of every index declared through FerretDB (its metadata tables). It runs at
// start and then every few seconds, comparing what should exist with pg_index (a few
// catalogue reads), so that new collections, new indexes and dropped-then-recreated
// collections get theirs; `_id` indexes are built first, as every update goes by `_id`.
func ensureFieldIndexes(ctx context.Context, logger *slog.Logger, url string) {
	ticker := time.NewTicker(3 * time.Second)
	defer ticker.Stop()
	var conn *pgx.Conn // one connection for the launcher's life, opened again if lost
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	for {
		if conn == nil || conn.IsClosed() {
			c, err := pgx.Connect(ctx, url)
			if err != nil && ctx.Err() == nil {
				logger.Warn("field indexes", "err", err)
			}
			conn = c
		}
		if conn != nil {
			if _, err := buildMissingIndexes(ctx, logger, conn); err != nil && ctx.Err() == nil {
				logger.Warn("field indexes", "err", err)
				if conn.Ping(ctx) != nil {
					conn.Close(context.Background())
					conn = nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// ginTarget is one GIN index the app needs: `field` of the table of one collection.
type ginTarget struct{ schema, table, field string }

func (t ginTarget) key() string { return t.schema + "." + t.table + "." + t.field }

// name is stable (a hash of the key), so that the next tick and the next start find it.
func (t ginTarget) name() string { return fmt.Sprintf("krn_gin_%x", md5.Sum([]byte(t.key())))[:40] }

// wantedGINIndexes reads FerretDB's metadata: `_id` for every collection table, first,
// then the top-level fields of the declared indexes.
func wantedGINIndexes(ctx context.Context, conn *pgx.Conn) ([]ginTarget, error) {
	rows, err := conn.Query(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = '_ferretdb_database_metadata'`)
	if err != nil {
		return nil, err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var ids, fields []ginTarget
	for _, schema := range schemas {
		// One row per table with its `_id`, then one per field of each declared index.
		q := fmt.Sprintf(`SELECT m._jsonb->>'table', '_id' FROM %[1]s m
			UNION ALL
			SELECT m._jsonb->>'table', k
			FROM %[1]s m, jsonb_array_elements(m._jsonb->'indexes') i, jsonb_object_keys(i->'key') k`,
			pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
		rows, err := conn.Query(ctx, q)
		if err != nil {
			continue // a database being created or dropped
		}
		seen := map[string]bool{}
		for rows.Next() {
			t := ginTarget{schema: schema}
			if rows.Scan(&t.table, &t.field) != nil || t.table == "" || strings.ContainsAny(t.field, ".$") || seen[t.key()] {
				continue
			}
			seen[t.key()] = true
			if t.field == "_id" {
				ids = append(ids, t)
			} else {
				fields = append(fields, t)
			}
		}
		rows.Close()
	}
	return append(ids, fields...), nil
}

// indexFields is one pass of the keeper on a connection of its own (tests).
func indexFields(ctx context.Context, logger *slog.Logger, url string) (int, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	return buildMissingIndexes(ctx, logger, conn)
}

// SchemaLockKey is the PostgreSQL advisory lock between the keeper and the app's restore
// (src/platform/schema-lock.ts holds the same number): the keeper builds under the shared
// lock, a restore drops collections under the exclusive one. Without it, a restore's
// DROP waited for CREATE INDEX CONCURRENTLY, which waited for the restore's session:
// both stood still for ever.
const SchemaLockKey int64 = 0x4b524e0001

// SchemaIntentKey is held (exclusively) by the app while it waits for SchemaLockKey: the
// keeper starts no new build then, so that its builds, one after the other, never starve
// the app's wait (several keepers on one database hold the shared lock almost always).
const SchemaIntentKey int64 = SchemaLockKey + 1

// buildMissingIndexes builds the GIN indexes that are missing (or left invalid by a build
// cut short) and returns how many it built. Each build holds the shared schema lock; while
// the app holds the exclusive one (a restore's drops, the app's own createIndexes at
// start) the pass stops, and the next tick sees the changed collections. One build at a
// time, so the app never waits longer than one index.
func buildMissingIndexes(ctx context.Context, logger *slog.Logger, conn *pgx.Conn) (int, error) {
	targets, err := wantedGINIndexes(ctx, conn)
	if err != nil {
		return 0, err
	}
	rows, err := conn.Query(ctx, `SELECT n.nspname || '.' || c.relname, i.indisvalid
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname LIKE 'krn\_gin\_%'`)
	if err != nil {
		return 0, err
	}
	existing := map[string]bool{} // schema.name -> valid
	for rows.Next() {
		var name string
		var valid bool
		if rows.Scan(&name, &valid) == nil {
			existing[name] = valid
		}
	}
	rows.Close()

	built := 0
	for _, t := range targets {
		valid, found := existing[t.schema+"."+t.name()]
		if found && valid {
			continue
		}
		if ctx.Err() != nil {
			return built, ctx.Err()
		}
		var free bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock_shared($1)`, SchemaIntentKey).Scan(&free); err != nil {
			return built, err
		}
		if !free {
			return built, nil // the app waits for the schema lock: let it in first
		}
		_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock_shared($1)`, SchemaIntentKey)
		var locked bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock_shared($1)`, SchemaLockKey).Scan(&locked); err != nil {
			return built, err
		}
		if !locked {
			return built, nil
		}
		ok := buildIndex(ctx, logger, conn, t, found)
		_, _ = conn.Exec(context.Background(), `SELECT pg_advisory_unlock_shared($1)`, SchemaLockKey)
		if ok {
			built++
			fmt.Fprintf(logOut, "field index ready: %s\n", t.key())
		}
	}
	return built, nil
}

// buildIndex builds one GIN index, first dropping an invalid one (`invalid`).
func buildIndex(ctx context.Context, logger *slog.Logger, conn *pgx.Conn, t ginTarget, invalid bool) bool {
	if invalid {
		// A concurrent build cut short (the app stopped meanwhile) leaves an invalid
		// index that IF NOT EXISTS would keep for ever: drop it and build again.
		if _, err := conn.Exec(ctx, fmt.Sprintf(`DROP INDEX CONCURRENTLY IF EXISTS %s`, pgx.Identifier{t.schema, t.name()}.Sanitize())); err != nil {
			logger.Warn("field index", "index", t.key(), "err", err)
			return false
		}
	}
	q := fmt.Sprintf(`CREATE INDEX CONCURRENTLY IF NOT EXISTS %s ON %s USING gin ((_jsonb->%s) jsonb_path_ops)`,
		pgx.Identifier{t.name()}.Sanitize(), pgx.Identifier{t.schema, t.table}.Sanitize(), quoteLiteral(t.field))
	if _, err := conn.Exec(ctx, q); err != nil {
		logger.Warn("field index", "index", t.key(), "err", err)
		return false
	}
	return true
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

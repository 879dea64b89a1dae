// Command ferretdb-launcher runs FerretDB 1.24.2 through its embeddable package, and,
// when asked, the PostgreSQL server that FerretDB stores its data in.
//
// `go install` of FerretDB's own command builds a binary that panics at start
// (its module ships without build/version/version.txt), so the app starts this
// launcher instead. It prints one line "listening <host:port>" on stdout once the
// listener is bound (so the app can ask for port 0 and learn the real port), logs
// to stderr at the chosen level, and stops cleanly on SIGTERM or SIGINT, or when
// its parent closes stdin (so it never outlives a crashed app).
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
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free port)")
	handler := flag.String("handler", "postgresql", "backend: postgresql, or sqlite (to read an old database)")
	sqliteURL := flag.String("sqlite-url", "file:data/db/", "SQLite directory URI (must end with /)")
	pgURL := flag.String("postgresql-url", "", "URL of an existing PostgreSQL (unless --pg-bin is given)")
	pgBin := flag.String("pg-bin", "", "path of the postgres binary to run (embedded PostgreSQL)")
	pgData := flag.String("pg-data", "", "data directory of the embedded PostgreSQL (initialised by the app)")
	var pgOptions multiFlag
	flag.Var(&pgOptions, "pg-option", "a PostgreSQL setting name=value (repeatable)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchStdin := flag.Bool("watch-stdin", false, "stop when stdin is closed (the parent died)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fatal("bad --log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
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

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *pgURL,
	})
	if err != nil {
		stopPostgres(pg)
		fatal("cannot start FerretDB: %v", err)
	}

	if *handler == "postgresql" {
		go ensureFieldIndexes(ctx, logger, *pgURL)
	}

	uri := f.MongoDBURI()
	host := strings.TrimSuffix(strings.TrimPrefix(uri, "mongodb://"), "/")
	fmt.Printf("listening %s\n", host)

	if pg != nil {
		// PostgreSQL gone on its own (killed, crashed): FerretDB cannot serve without it.
		// Exit, so that the app sees the engine stop and starts a new one.
		go func() {
			err := <-exitedResult
			if ctx.Err() == nil {
				fatal("PostgreSQL stopped unexpectedly: %v", err)
			}
			exitedResult <- err
		}()
	}

	runErr := f.Run(ctx)
	stop() // from here on, PostgreSQL stopping is expected
	stopPostgres(pg)
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		fatal("FerretDB stopped: %v", runErr)
	}
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-launcher: "+format+"\n", args...)
	os.Exit(1)
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
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="}
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
	cmd.Stdout = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(os.Stderr, "postgresql: "+line)
			if !once && strings.Contains(line, "ready to accept connections") {
				once = true
				close(ready)
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
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

// ensureFieldIndexes makes the app's declared indexes useful on PostgreSQL. FerretDB 1.24
// pushes a top-level equality down as `(_jsonb->'field') @> '<value>'`, but the indexes it
// creates for the app are B-trees, which PostgreSQL cannot use for `@>`: every such query
// read the whole table (0.9 s for `find({ user })` over 200,000 attempts). A GIN index on
// the same expression serves it (10 ms, measured). So, for every field of every index
// declared through FerretDB (its metadata tables), this adds that GIN index, at start and
// then every few seconds to catch new collections and databases.
func ensureFieldIndexes(ctx context.Context, logger *slog.Logger, url string) {
	done := map[string]bool{}
	ticker := time.NewTicker(3 * time.Second)
	defer ticker.Stop()
	for {
		if err := indexFields(ctx, logger, url, done); err != nil && ctx.Err() == nil {
			logger.Warn("field indexes", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func indexFields(ctx context.Context, logger *slog.Logger, url string, done map[string]bool) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())

	rows, err := conn.Query(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = '_ferretdb_database_metadata'`)
	if err != nil {
		return err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	type target struct{ schema, table, field string }
	var targets []target
	for _, schema := range schemas {
		q := fmt.Sprintf(`SELECT m._jsonb->>'table', k
			FROM %s m, jsonb_array_elements(m._jsonb->'indexes') i, jsonb_object_keys(i->'key') k`,
			pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
		rows, err := conn.Query(ctx, q)
		if err != nil {
			continue // a database being created or dropped
		}
		for rows.Next() {
			var t target
			if rows.Scan(&t.table, &t.field) == nil && t.field != "_id" && !strings.ContainsAny(t.field, ".$") {
				t.schema = schema
				targets = append(targets, t)
			}
		}
		rows.Close()
	}
	for _, t := range targets {
		key := t.schema + "." + t.table + "." + t.field
		if done[key] {
			continue
		}
		name := fmt.Sprintf("krn_gin_%x", md5.Sum([]byte(key)))[:40]
		// A concurrent build cut short (the app stopped meanwhile) leaves an invalid index
		// that IF NOT EXISTS would keep for ever: drop it and build again.
		var invalid bool
		_ = conn.QueryRow(ctx, `SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = $2`, name, t.schema).Scan(&invalid)
		if invalid {
			if _, err := conn.Exec(ctx, fmt.Sprintf(`DROP INDEX CONCURRENTLY IF EXISTS %s`, pgx.Identifier{t.schema, name}.Sanitize())); err != nil {
				logger.Warn("field index", "index", key, "err", err)
				continue
			}
		}
		q := fmt.Sprintf(`CREATE INDEX CONCURRENTLY IF NOT EXISTS %s ON %s USING gin ((_jsonb->%s) jsonb_path_ops)`,
			pgx.Identifier{name}.Sanitize(), pgx.Identifier{t.schema, t.table}.Sanitize(), quoteLiteral(t.field))
		if _, err := conn.Exec(ctx, q); err != nil {
			logger.Warn("field index", "index", key, "err", err)
			continue
		}
		done[key] = true
		fmt.Fprintf(os.Stderr, "field index ready: %s\n", key)
	}
	return nil
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

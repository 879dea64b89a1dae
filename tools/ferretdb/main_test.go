// Tests of the launcher's own parts, on the machine's PostgreSQL (127.0.0.1:5432, user
// postgres, trust; KRN_TEST_POSTGRESQL_URL to use another), in a fresh database per run
// that is dropped at the end.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

var testDBURL string // the fresh database of this run

func TestMain(m *testing.M) {
	server := os.Getenv("KRN_TEST_POSTGRESQL_URL")
	if server == "" {
		server = "postgres://postgres@127.0.0.1:5432/postgres"
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		fmt.Fprintf(os.Stderr, "these tests need a PostgreSQL at %s: %v\n", server, err)
		os.Exit(1)
	}
	name := fmt.Sprintf("krn_launcher_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		fmt.Fprintf(os.Stderr, "cannot create the test database: %v\n", err)
		os.Exit(1)
	}
	u, _ := url.Parse(server)
	u.Path = "/" + name
	testDBURL = u.String()
	code := m.Run()
	_, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
	admin.Close(ctx)
	os.Exit(code)
}

func TestPostgreSQLURLCapsThePoolAndForcesCustomPlans(t *testing.T) {
	ctx := context.Background()
	got, err := ferretdbPostgreSQLURL(testDBURL+"?pool_max_conns=50&sslmode=disable", 7)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(got)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxConns != 7 {
		t.Errorf("pool_max_conns: got %d, want 7", cfg.MaxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var mode string
	if err := pool.QueryRow(ctx, "SHOW plan_cache_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode on FerretDB's connections: %q", mode)
	}

	// 0 leaves FerretDB's own default alone.
	kept, _ := ferretdbPostgreSQLURL(testDBURL, 0)
	if strings.Contains(kept, "pool_max_conns") {
		t.Errorf("pool size set without --pg-pool-max: %s", kept)
	}
}

func TestDatabasePlanCacheMode(t *testing.T) {
	ctx := context.Background()
	setDatabasePlanCacheMode(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), testDBURL)
	conn, err := pgx.Connect(ctx, testDBURL) // a plain connection: the database's setting
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var mode string
	if err := conn.QueryRow(ctx, "SHOW plan_cache_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode of the database: %q", mode)
	}
}

func TestSocketPath(t *testing.T) {
	dir := t.TempDir()

	long := filepath.Join(dir, strings.Repeat("x", 120), "engine.sock")
	if err := prepareSocketPath(long); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("a path over 107 bytes: %v", err)
	}

	if err := prepareSocketPath(filepath.Join(dir, "none.sock")); err != nil {
		t.Errorf("no file yet: %v", err)
	}

	// What a killed launcher leaves: a socket file that nobody listens on.
	stale := filepath.Join(dir, "stale.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	if err := prepareSocketPath(stale); err != nil {
		t.Errorf("stale socket: %v", err)
	}
	if _, err := os.Lstat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale socket is still there: %v", err)
	}

	live := filepath.Join(dir, "live.sock")
	ll, err := net.Listen("unix", live)
	if err != nil {
		t.Fatal(err)
	}
	defer ll.Close()
	if err := prepareSocketPath(live); err == nil || !strings.Contains(err.Error(), "another engine") {
		t.Errorf("a live socket must not be taken over: %v", err)
	}

	plain := filepath.Join(dir, "file")
	_ = os.WriteFile(plain, []byte("x"), 0o600)
	if err := prepareSocketPath(plain); err == nil {
		t.Error("a regular file was accepted as a socket path")
	}
	if _, err := os.Stat(plain); err != nil {
		t.Errorf("the regular file was removed: %v", err)
	}
}

// startFerretDB runs FerretDB on the test database, on a Unix socket, as the launcher does.
// discardLogger drops every line, at the launcher's level (warn), so that FerretDB
// skips what the launcher skips.
func discardLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func startFerretDB(t testing.TB) *mongo.Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// Not t.TempDir(): its name has capitals, and the Go driver lowercases the host.
	dir, err := os.MkdirTemp("", "krn-launcher-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "engine.sock")
	pgURL, err := ferretdbPostgreSQLURL(testDBURL, 5)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{Unix: sock},
		Logger:        discardLogger(),
		Handler:       "postgresql",
		PostgreSQLURL: pgURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = f.Run(ctx); close(done) }()
	client, err := mongo.Connect(ctx, options.Client().ApplyURI("mongodb://"+url.PathEscape(sock)+"/"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = client.Disconnect(context.Background())
		cancel()
		<-done
	})
	return client
}

func TestGINIndexesForIdAndDeclaredFields(t *testing.T) {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	client := startFerretDB(t)
	db := client.Database("gin")
	users := db.Collection("users")
	docs := make([]any, 2000)
	for i := range docs {
		docs[i] = bson.M{"_id": fmt.Sprintf("u%d", i), "site": fmt.Sprintf("s%d", i%10)}
	}
	if _, err := users.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if _, err := users.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "site", Value: 1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("notes").InsertOne(ctx, bson.M{"text": "x"}); err != nil {
		t.Fatal(err)
	}

	conn, err := pgx.Connect(ctx, testDBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	wanted, err := wantedGINIndexes(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, w := range wanted {
		fields = append(fields, w.field)
	}
	if strings.Join(fields, ",") != "_id,_id,site" {
		t.Errorf("wanted indexes, `_id` first: %v", fields)
	}

	built, err := indexFields(ctx, logger, testDBURL)
	if err != nil || built != 3 {
		t.Fatalf("first pass: built %d, %v", built, err)
	}
	// The next tick compares with pg_index and builds nothing.
	if built, err = indexFields(ctx, logger, testDBURL); err != nil || built != 0 {
		t.Fatalf("second pass: built %d, %v", built, err)
	}

	// What FerretDB sends for findOne({ _id }) and find({ site }), executed more than the
	// five times after which PostgreSQL may switch a prepared statement to a generic plan.
	table := wanted[0].table
	for _, w := range wanted {
		if w.field == "site" {
			table = w.table
		}
	}
	// A prepared statement as FerretDB's (pgx caches them by name), run ten times, then
	// the plan that PostgreSQL's plan cache chose for it.
	plan := func(c *pgx.Conn, field, value string) string {
		t.Helper()
		stmt := fmt.Sprintf("lookup_%d", time.Now().UnixNano())
		for _, sql := range []string{
			"SET enable_seqscan = off",
			fmt.Sprintf(`PREPARE %s(text, jsonb) AS SELECT _jsonb FROM %s WHERE _jsonb->$1 @> $2`, stmt, pgx.Identifier{"gin", table}.Sanitize()),
		} {
			if _, err := c.Exec(ctx, sql); err != nil {
				t.Fatal(err)
			}
		}
		execute := fmt.Sprintf("EXECUTE %s(%s, %s)", stmt, quoteLiteral(field), quoteLiteral(value))
		for range 10 {
			if _, err := c.Exec(ctx, execute); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := c.Query(ctx, "EXPLAIN "+execute)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(lines, "\n")
	}
	ferretURL, _ := ferretdbPostgreSQLURL(testDBURL, 5)
	asFerretDB, err := pgxpool.New(ctx, ferretURL)
	if err != nil {
		t.Fatal(err)
	}
	defer asFerretDB.Close()
	c, err := asFerretDB.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	for _, lookup := range [][2]string{{"_id", `"u42"`}, {"site", `"s3"`}} {
		if p := plan(c.Conn(), lookup[0], lookup[1]); !strings.Contains(p, "Bitmap Index Scan on krn_gin_") {
			t.Errorf("%s lookup not served by its GIN index:\n%s", lookup[0], p)
		}
	}
	// The trap that plan_cache_mode avoids: with a generic plan, the same lookup scans.
	generic, err := pgx.Connect(ctx, testDBURL+"?plan_cache_mode=force_generic_plan")
	if err != nil {
		t.Fatal(err)
	}
	defer generic.Close(ctx)
	if p := plan(generic, "_id", `"u42"`); !strings.Contains(p, "Seq Scan") {
		t.Errorf("a generic plan was expected to scan (the test would prove nothing):\n%s", p)
	}

	// A collection dropped and created again gets its index again.
	if err := users.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := users.InsertOne(ctx, bson.M{"_id": "again"}); err != nil {
		t.Fatal(err)
	}
	if built, err = indexFields(ctx, logger, testDBURL); err != nil || built != 1 {
		t.Fatalf("after the collection was made again: built %d, %v", built, err)
	}
}

func TestInvalidIndexIsBuiltAgain(t *testing.T) {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	client := startFerretDB(t)
	if _, err := client.Database("broken").Collection("things").InsertOne(ctx, bson.M{"n": 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := indexFields(ctx, logger, testDBURL); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, testDBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// What a concurrent build cut short leaves behind.
	if _, err := conn.Exec(ctx, `UPDATE pg_index SET indisvalid = false WHERE indexrelid IN
		(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'broken' AND c.relname LIKE 'krn\_gin\_%')`); err != nil {
		t.Fatal(err)
	}
	built, err := indexFields(ctx, logger, testDBURL)
	if err != nil || built != 1 {
		t.Fatalf("invalid index: built %d, %v", built, err)
	}
	var valid bool
	if err := conn.QueryRow(ctx, `SELECT bool_and(i.indisvalid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'broken' AND c.relname LIKE 'krn\_gin\_%'`).Scan(&valid); err != nil || !valid {
		t.Errorf("index still invalid: %v %v", valid, err)
	}
}

// A restore drops collections under the exclusive schema lock (src/platform/schema-lock.ts):
// the keeper builds nothing meanwhile, then catches up, on its one connection.
func TestKeeperWaitsForTheSchemaLock(t *testing.T) {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	client := startFerretDB(t)
	if _, err := client.Database("locked").Collection("things").InsertOne(ctx, bson.M{"n": 1}); err != nil {
		t.Fatal(err)
	}
	restore, err := pgx.Connect(ctx, testDBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer restore.Close(ctx)
	keeper, err := pgx.Connect(ctx, testDBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer keeper.Close(ctx)

	if _, err := restore.Exec(ctx, `SELECT pg_advisory_lock($1)`, SchemaLockKey); err != nil {
		t.Fatal(err)
	}
	if built, err := buildMissingIndexes(ctx, logger, keeper); err != nil || built != 0 {
		t.Fatalf("while a restore holds the lock: built %d, %v", built, err)
	}
	if _, err := restore.Exec(ctx, `SELECT pg_advisory_unlock($1)`, SchemaLockKey); err != nil {
		t.Fatal(err)
	}
	if built, err := buildMissingIndexes(ctx, logger, keeper); err != nil || built < 1 {
		t.Fatalf("after the restore: built %d, %v", built, err)
	}
	// The keeper let its shared lock go: a restore takes the lock at once.
	var got bool
	if err := restore.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, SchemaLockKey).Scan(&got); err != nil || !got {
		t.Fatalf("the keeper kept the schema lock: %v %v", got, err)
	}
	_, _ = restore.Exec(ctx, `SELECT pg_advisory_unlock($1)`, SchemaLockKey)
}

func TestLogFileKeepsTheLastLinesOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ferretdb.log")
	// A log made by an older version, readable by all.
	if err := os.WriteFile(path, []byte("old line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(path, 0o644)
	log, err := openTailFile(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		fmt.Fprintf(log, "line %04d of the log\n", i)
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	if len(data) > 4096 {
		t.Errorf("log of %d bytes, past its 4096", len(data))
	}
	if !strings.HasSuffix(text, "line 0999 of the log\n") || strings.Contains(text, "old line") || strings.Contains(text, "line 0000 ") {
		t.Errorf("not the last lines: %q…", text[:min(60, len(text))])
	}
	if !strings.HasPrefix(text, "line ") {
		t.Errorf("cut in the middle of a line: %q", text[:min(30, len(text))])
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("log mode %v", info.Mode().Perm())
	}

	// Another writer (a second launcher) cut the file: this one writes into the new file.
	other, err := openTailFile(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	other.trim()
	fmt.Fprintf(log, "after the other's cut\n")
	data, _ = os.ReadFile(path)
	if !strings.HasSuffix(string(data), "after the other's cut\n") {
		t.Errorf("a line went to the replaced file")
	}
}

// While the app holds the intent key (it waits for the schema lock), the keeper starts no
// build, so several keepers on one database never starve the app.
func TestKeeperLetsTheAppInFirst(t *testing.T) {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	client := startFerretDB(t)
	if _, err := client.Database("intent").Collection("things").InsertOne(ctx, bson.M{"n": 1}); err != nil {
		t.Fatal(err)
	}
	app, err := pgx.Connect(ctx, testDBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close(ctx)
	keeper, err := pgx.Connect(ctx, testDBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer keeper.Close(ctx)
	if _, err := app.Exec(ctx, `SELECT pg_advisory_lock($1)`, SchemaIntentKey); err != nil {
		t.Fatal(err)
	}
	if built, err := buildMissingIndexes(ctx, logger, keeper); err != nil || built != 0 {
		t.Fatalf("while the app waits: built %d, %v", built, err)
	}
	if _, err := app.Exec(ctx, `SELECT pg_advisory_unlock($1)`, SchemaIntentKey); err != nil {
		t.Fatal(err)
	}
	if built, err := buildMissingIndexes(ctx, logger, keeper); err != nil || built < 1 {
		t.Fatalf("after: built %d, %v", built, err)
	}
}

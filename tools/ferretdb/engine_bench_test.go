// Benchmarks of one FerretDB command as the app sends them (issue 20: the CPU that the
// engine spends per command), on the machine's PostgreSQL like the tests:
//
//	go test -run '^$' -bench . -benchtime 2000x -cpuprofile /tmp/ferretdb.prof
//	go tool pprof -top -nodecount 40 /tmp/ferretdb.prof
//
// The Go driver runs in the same process: read the profile by package.
package main

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
)

// benchAccount is the size and shape of an account (about 20 fields, 0.6 KB).
func benchAccount(i int) bson.D {
	return bson.D{
		{Key: "_id", Value: primitive.NewObjectID()},
		{Key: "username", Value: fmt.Sprintf("resident.%d", i)},
		{Key: "passwordHash", Value: "$2b$12$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123"},
		{Key: "role", Value: "resident"},
		{Key: "site", Value: primitive.NewObjectID()},
		{Key: "firstName", Value: "Anne"},
		{Key: "lastName", Value: fmt.Sprintf("Le Goff %d", i)},
		{Key: "initial", Value: "l"},
		{Key: "resident", Value: primitive.NewObjectID()},
		{Key: "active", Value: true},
		{Key: "mustChangePassword", Value: false},
		{Key: "failedLogins", Value: int32(0)},
		{Key: "lang", Value: "fr"},
		{Key: "createdAt", Value: time.Now()},
		{Key: "updatedAt", Value: time.Now()},
		{Key: "lastLoginAt", Value: time.Now()},
		{Key: "preferences", Value: bson.D{{Key: "fontSize", Value: "large"}, {Key: "contrast", Value: false}}},
	}
}

// benchProgress is a progress document: 24 skills and 120 exercises tried.
func benchProgress() bson.D {
	skills := bson.D{}
	for s := 0; s < 24; s++ {
		skills = append(skills, bson.E{Key: fmt.Sprintf("crcn-%d-%d", s/5+1, s%5+1), Value: bson.D{
			{Key: "level", Value: int32(s % 4)}, {Key: "validatedAt", Value: time.Now()}, {Key: "by", Value: primitive.NewObjectID()},
		}})
	}
	exercises := bson.D{}
	for e := 0; e < 120; e++ {
		exercises = append(exercises, bson.E{Key: fmt.Sprintf("module-%02d-exercise-%02d", e/10, e%10), Value: bson.D{
			{Key: "best", Value: float64(e%10) / 10}, {Key: "tries", Value: int32(e % 5)}, {Key: "correct", Value: e%3 == 0}, {Key: "at", Value: time.Now()},
		}})
	}
	return bson.D{{Key: "_id", Value: primitive.NewObjectID()}, {Key: "skills", Value: skills}, {Key: "exercises", Value: exercises},
		{Key: "last", Value: bson.D{{Key: "module", Value: "module-03"}}}, {Key: "updatedAt", Value: time.Now()}}
}

func benchFindByID(b *testing.B, coll *mongo.Collection, ids []any) {
	ctx := context.Background()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		var doc bson.Raw
		if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: ids[i%len(ids)]}}).Decode(&doc); err != nil {
			b.Fatal(err)
		}
	}
	// CPU, not wall time: the machine is shared. FerretDB and the driver together.
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime is this process's CPU time (user and system) so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchSetup(b *testing.B, name string, newDoc func(int) bson.D, n int) (*mongo.Collection, []any) {
	client := startFerretDB(b)
	ctx := context.Background()
	coll := client.Database("bench").Collection(name)
	_ = coll.Drop(ctx)
	docs := make([]any, n)
	ids := make([]any, n)
	for i := range docs {
		d := newDoc(i)
		docs[i] = d
		ids[i] = d[0].Value
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
	// The launcher's keeper makes the `_id` GIN index; here, once, by hand.
	if _, err := indexFields(ctx, discardLogger(), testDBURL); err != nil {
		b.Fatal(err)
	}
	return coll, ids
}

func BenchmarkFindAccountByID(b *testing.B) {
	coll, ids := benchSetup(b, "users", benchAccount, 1000)
	benchFindByID(b, coll, ids)
}

func BenchmarkFindProgressByID(b *testing.B) {
	coll, ids := benchSetup(b, "progress", func(int) bson.D { return benchProgress() }, 200)
	benchFindByID(b, coll, ids)
}

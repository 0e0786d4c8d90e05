package flows_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func BenchmarkDecode(b *testing.B) {
	raw := entraJWT(b, time.Now())
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := flows.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCacheGet(b *testing.B) {
	c := &flows.Cache{Dir: b.TempDir()}
	now := time.Now()
	for i := range 20 {
		tok, err := flows.Decode(entraJWT(b, now.Add(time.Duration(i)*time.Second)))
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Put(fmt.Sprintf("texas|https://texas.example/api/v1/token|m2m|dev-gcp:team:app-%d", i), tok, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
	key := "texas|https://texas.example/api/v1/token|m2m|dev-gcp:team:app-7"
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.Get(key, now, time.Minute); !ok {
			b.Fatal("miss")
		}
	}
}

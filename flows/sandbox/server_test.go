package sandbox

import (
	"strings"
	"testing"
	"time"
)

func TestStartRefusesNonLoopback(t *testing.T) {
	for addr, want := range map[string]string{
		"0.0.0.0:0":      "not a loopback address",
		":0":             "not a loopback address",
		"[::]:0":         "not a loopback address",
		"192.168.1.10:0": "not a loopback address",
		"example.com:80": "not a loopback address",
		"127.0.0.1":      "not host:port",
	} {
		s, err := Start(Options{Addr: addr})
		if err == nil {
			s.Close()
			t.Errorf("Start(%q) succeeded", addr)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), addr) {
			t.Errorf("Start(%q): %v, want it to name the address and say %q", addr, err, want)
		}
	}
	for _, o := range []Options{{Lifetime: -time.Second}, {SlowDelay: -1}, {SessionLifetime: -time.Hour}} {
		if _, err := Start(o); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("%+v: %v, want it refused as negative", o, err)
		}
	}
}

func TestStartAcceptsLoopbackNames(t *testing.T) {
	for _, addr := range []string{"localhost:0", "127.0.0.1:0"} {
		s, err := Start(Options{Addr: addr})
		if err != nil {
			t.Fatalf("Start(%q): %v", addr, err)
		}
		if r := get(t, s.URL()+"/internal/is_alive", ""); r.body != "alive" {
			t.Errorf("%s: %q", addr, r.body)
		}
		if s.srv.ReadHeaderTimeout <= 0 {
			t.Error("ReadHeaderTimeout is not set")
		}
		s.Close()
	}
}

package lazyterm

import (
	"os"
	"testing"
)

// Package initialisation runs with TERM=dumb; Restore gives the process
// its own TERM back, or none when it had none.
func TestRestore(t *testing.T) {
	if got := os.Getenv("TERM"); got != "dumb" {
		t.Fatalf("during initialisation TERM = %q, want dumb", got)
	}
	Restore()
	if got, ok := os.LookupEnv("TERM"); got != term || ok != set {
		t.Fatalf("after Restore TERM = %q (set %v), want %q (set %v)", got, ok, term, set)
	}
}

//go:build windows

package detach

import (
	"syscall"
	"testing"
)

// A detached process must outlive the console window entratoken ran in:
// no console of its own (DETACHED_PROCESS), and a process group of its own
// so that ctrl+c there does not reach it.
func TestDetachedLeavesTheConsole(t *testing.T) {
	a := Attr()
	if a == nil || a.CreationFlags&detachedProcess == 0 || a.CreationFlags&syscall.CREATE_NEW_PROCESS_GROUP == 0 {
		t.Fatalf("SysProcAttr = %+v", a)
	}
}

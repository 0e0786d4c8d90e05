//go:build windows

package detach

import "syscall"

// detachedProcess is DETACHED_PROCESS: the process gets no console, so
// closing the console window entratoken ran in (which ends every process
// attached to it) does not end it.
const detachedProcess = 0x00000008

// Attr starts the process without a console and in a
// process group of its own, so that neither closing the window nor ctrl+c
// in it reaches it.
func Attr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: detachedProcess | syscall.CREATE_NEW_PROCESS_GROUP, HideWindow: true}
}

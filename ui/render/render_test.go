package render

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// terminal is the read end of a pipe standing in for the terminal.
type terminal struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *terminal) take() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.buf.String()
	t.buf.Reset()
	return s
}

func newTest(t *testing.T) (*Renderer, *terminal) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 4096)
		for {
			n, err := r.Read(b)
			term.mu.Lock()
			term.buf.Write(b[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	rd := New(w)
	rd.Start()
	t.Cleanup(func() { w.Close(); <-done; r.Close() })
	return rd, term
}

// settle waits until a frame would have been drawn.
func settle() { time.Sleep(50 * time.Millisecond) }

// view is a model whose view is whatever the test says.
type view struct{ s *string }

func (v view) Init() tea.Cmd                       { return nil }
func (v view) Update(tea.Msg) (tea.Model, tea.Cmd) { return v, nil }
func (v view) View() string                        { return *v.s }

// A view is drawn at once; the same view again draws nothing, so an idle
// program writes nothing and wakes for nothing; a changed view redraws only
// the lines that changed.
func TestDrawsOnlyWhatChanged(t *testing.T) {
	rd, term := newTest(t)
	settle()
	if got := term.take(); !strings.Contains(got, altScreenOn) || !strings.Contains(got, bracketedOn) || !strings.Contains(got, cursorHidden) {
		t.Fatalf("Start wrote %q", got)
	}
	s := "title\nrow one\nrow two"
	m := rd.Wrap(view{&s})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 20, Height: 5})
	m.View()
	settle()
	if got := term.take(); !strings.Contains(got, "title") || !strings.Contains(got, "row two") {
		t.Fatalf("first frame %q", got)
	}
	m.View()
	settle()
	if got := term.take(); got != "" {
		t.Fatalf("the same view wrote %q", got)
	}
	s = "title\nrow one\nrow 2"
	m.View()
	settle()
	if got := term.take(); got != "\x1b[3;1Hrow 2\x1b[K" {
		t.Fatalf("a changed line wrote %q", got)
	}
	s = "title"
	m.View()
	settle()
	if got := term.take(); got != "\x1b[2;1H\x1b[2K\x1b[3;1H\x1b[2K" {
		t.Fatalf("dropped lines wrote %q", got)
	}
	rd.Stop()
	settle()
	if got := term.take(); got != bracketedOff+cursorShown+altScreenOff {
		t.Fatalf("Stop wrote %q", got)
	}
}

// Lines are cut to the window's width; a resize repaints everything.
func TestResizeRepaints(t *testing.T) {
	rd, term := newTest(t)
	s := "a line longer than ten\nb"
	m := rd.Wrap(view{&s})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 10, Height: 5})
	m.View()
	settle()
	term.take()
	m, _ = m.Update(tea.WindowSizeMsg{Width: 30, Height: 5})
	m.View()
	settle()
	got := term.take()
	if !strings.HasPrefix(got, "\x1b[2J") || !strings.Contains(got, "a line longer than ten\x1b[K") || !strings.Contains(got, "\x1b[2;1Hb") {
		t.Fatalf("resize wrote %q", got)
	}
	rd.Stop()
}

// Views that come faster than the interval (a paste, typing) are drawn as
// one frame, the last.
func TestBurstIsOneFrame(t *testing.T) {
	rd, term := newTest(t)
	rd.interval = 200 * time.Millisecond
	s := "0"
	m := rd.Wrap(view{&s})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 10, Height: 2})
	m.View()
	settle()
	term.take()
	for _, v := range []string{"1", "2", "3", "4"} {
		s = v
		m.View()
	}
	time.Sleep(300 * time.Millisecond)
	if got := term.take(); got != "\x1b[H4\x1b[K" {
		t.Fatalf("the burst wrote %q", got)
	}
	rd.Stop()
}

// The silent terminal keeps the file descriptor and drops every write.
func TestSilentDropsWrites(t *testing.T) {
	rd, term := newTest(t)
	silent := rd.Silent()
	if silent.Fd() != rd.tty.Fd() {
		t.Fatal("Silent lost the file descriptor")
	}
	settle()
	term.take()
	silent.Write([]byte("x"))
	silent.WriteString("y")
	settle()
	if got := term.take(); got != "" {
		t.Fatalf("Silent wrote %q", got)
	}
	rd.Stop()
}

// The final model a program returns is the wrapped one; Unwrap gives the
// model inside, with what it learnt.
func TestUnwrap(t *testing.T) {
	s := "x"
	rd := New(os.Stdout)
	inner := view{&s}
	final, _ := rd.Wrap(inner).Update(tea.KeyMsg{})
	if _, ok := final.(view); ok {
		t.Fatal("Wrap's model is the inner one: nothing to unwrap")
	}
	if got, ok := Unwrap(final).(view); !ok || got.s != &s {
		t.Fatalf("Unwrap = %#v", Unwrap(final))
	}
	if got := Unwrap(inner); got != inner {
		t.Fatalf("Unwrap of an unwrapped model = %#v", got)
	}
}

package session

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// clock is a fake clock a test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// checker answers as the generator's login proxy would for the sessions it
// knows, and counts what it was asked.
type checker struct {
	clock    *clock
	ends     map[string]time.Time // session → its end; past it, 401
	inactive map[string]bool
	down     error // set: every call fails so
	asked    []string
}

func (c *checker) Session(_ context.Context, cookie string) (flows.SessionInfo, error) {
	c.asked = append(c.asked, cookie)
	if c.down != nil {
		return flows.SessionInfo{}, c.down
	}
	end, ok := c.ends[cookie]
	if !ok || !c.clock.now().Before(end) {
		return flows.SessionInfo{}, &flows.NotLoggedInError{LoginURL: gen + "/oauth2/login", Rejected: true}
	}
	info := flows.SessionInfo{Active: !c.inactive[cookie], EndsAt: end, EndsIn: end.Sub(c.clock.now())}
	if !info.Active {
		return info, &flows.NotLoggedInError{LoginURL: gen + "/oauth2/login", Rejected: true}
	}
	return info, nil
}

func newKeeper(t *testing.T) (*Keeper, *clock, *checker) {
	t.Helper()
	mockKeyring(t, nil)
	c := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	ch := &checker{clock: c, ends: map[string]time.Time{cookie: c.t.Add(10 * time.Hour)}, inactive: map[string]bool{}}
	return &Keeper{Store: NewKeyring(t.TempDir()), Generator: gen, Checker: ch, Now: c.now}, c, ch
}

func TestAdoptKeepsAnAcceptedSessionWithItsEnd(t *testing.T) {
	k, c, _ := newKeeper(t)
	kept, info, err := k.Adopt(context.Background(), cookie)
	if err != nil || !info.Active {
		t.Fatal(info, err)
	}
	if want := c.t.Add(10 * time.Hour); !kept.EndsAt.Equal(want) || kept.Place.Kind != KindKeyring {
		t.Errorf("kept %v, want the end %v in the keyring", kept, want)
	}
	c.t = c.t.Add(9 * time.Hour)
	got, err := k.Kept()
	if err != nil || got.Cookie != cookie {
		t.Fatalf("nine hours later: %v, %v", got, err)
	}
}

func TestAdoptRefusesWhatTheGeneratorRejects(t *testing.T) {
	k, _, ch := newKeeper(t)
	for name, c := range map[string]string{"unknown": "no-such-session-0123456789", "inactive": "idle-session-0123456789"} {
		if name == "inactive" {
			ch.ends[c], ch.inactive[c] = ch.clock.t.Add(time.Hour), true
		}
		if _, _, err := k.Adopt(context.Background(), c); !Rejected(err) {
			t.Errorf("%s: Adopt = %v, want a rejection", name, err)
		}
		if _, err := k.Kept(); !errors.Is(err, ErrNotKept) {
			t.Errorf("%s: a rejected session was kept: %v", name, err)
		}
	}
	ch.down = &flows.TransportError{Service: "azure-token-generator", Err: errors.New("no route")}
	if _, _, err := k.Adopt(context.Background(), cookie); err == nil || Rejected(err) {
		t.Errorf("an unreachable generator: %v", err)
	}
	if _, err := k.Kept(); !errors.Is(err, ErrNotKept) {
		t.Errorf("a session nobody checked was kept: %v", err)
	}
}

func TestKeptSessionPastItsEndIsForgottenWithoutAsking(t *testing.T) {
	k, c, ch := newKeeper(t)
	if _, _, err := k.Adopt(context.Background(), cookie); err != nil {
		t.Fatal(err)
	}
	asked := len(ch.asked)
	c.t = c.t.Add(10*time.Hour + time.Second)
	var ended *EndedError
	if _, err := k.Kept(); !errors.As(err, &ended) || !errors.Is(err, ErrNotKept) {
		t.Fatalf("Kept after the end = %v, want an *EndedError that reads as ErrNotKept", err)
	}
	if len(ch.asked) != asked {
		t.Error("the generator was asked about a session known to have ended")
	}
	if _, err := k.Store.Load(gen); !errors.Is(err, ErrNotKept) {
		t.Errorf("the ended session is still in the store: %v", err)
	}
}

func TestVerifyForgetsARejectedSession(t *testing.T) {
	k, c, ch := newKeeper(t)
	if _, _, err := k.Adopt(context.Background(), cookie); err != nil {
		t.Fatal(err)
	}
	// The proxy is down: not a no, so the session stays.
	ch.down = flows.ErrSessionStoreDown
	if _, _, err := k.Verify(context.Background()); !errors.Is(err, flows.ErrSessionStoreDown) {
		t.Fatal(err)
	}
	if _, err := k.Kept(); err != nil {
		t.Fatalf("a session the generator could not judge was forgotten: %v", err)
	}
	ch.down = nil
	kept, info, err := k.Verify(context.Background())
	if err != nil || !info.Active || !kept.EndsAt.Equal(c.t.Add(10*time.Hour)) {
		t.Fatalf("Verify = %v %+v %v", kept, info, err)
	}
	// Logged out elsewhere: the generator says 401.
	delete(ch.ends, cookie)
	if _, _, err := k.Verify(context.Background()); !Rejected(err) {
		t.Fatalf("Verify = %v, want the rejection", err)
	}
	if _, err := k.Kept(); !errors.Is(err, ErrNotKept) {
		t.Errorf("a rejected session is still kept: %v", err)
	}
}

func TestRememberChecksOnlyANewSession(t *testing.T) {
	k, _, ch := newKeeper(t)
	if _, adopted, err := k.Remember(context.Background(), cookie); err != nil || !adopted {
		t.Fatalf("first Remember: adopted %t, %v", adopted, err)
	}
	if _, adopted, err := k.Remember(context.Background(), cookie); err != nil || adopted {
		t.Fatalf("second Remember: adopted %t, %v", adopted, err)
	}
	if len(ch.asked) != 1 {
		t.Errorf("the generator was asked %d times, want once: the kept session needs no check", len(ch.asked))
	}
	other := "another-session-0123456789"
	ch.ends[other] = ch.clock.t.Add(time.Hour)
	if kept, adopted, err := k.Remember(context.Background(), other); err != nil || !adopted || kept.Cookie != other {
		t.Errorf("a new session replaces the kept one: %v %t %v", kept, adopted, err)
	}
}

func TestRefusedForgetsOnlyThatSession(t *testing.T) {
	k, _, _ := newKeeper(t)
	if _, _, err := k.Adopt(context.Background(), cookie); err != nil {
		t.Fatal(err)
	}
	if forgot, err := k.Refused("some-other-session-0123456789"); forgot || err != nil {
		t.Errorf("another session's refusal forgot the kept one: %t %v", forgot, err)
	}
	if forgot, err := k.Refused(cookie); !forgot || err != nil {
		t.Errorf("Refused = %t %v", forgot, err)
	}
	if _, err := k.Kept(); !errors.Is(err, ErrNotKept) {
		t.Errorf("still kept: %v", err)
	}
}

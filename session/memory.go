package session

import "sync"

// Memory keeps sessions for one run only: session_store: none, and the
// sandbox, which must never touch the user's kept session.
type Memory struct {
	mu   sync.Mutex
	kept map[string]Kept
}

// Kind is KindNone.
func (m *Memory) Kind() Kind { return KindNone }

// Load returns what this run kept for generator.
func (m *Memory) Load(generator string) (Kept, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.kept[normal(generator)]
	if !ok {
		return Kept{}, ErrNotKept
	}
	return k, nil
}

// Keep holds k until the process ends.
func (m *Memory) Keep(k Kept) (Place, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.kept == nil {
		m.kept = map[string]Kept{}
	}
	k.Generator = normal(k.Generator)
	k.Place = Place{Kind: KindNone}
	m.kept[k.Generator] = k
	return k.Place, nil
}

// Forget drops what this run kept for generator.
func (m *Memory) Forget(generator string) (Place, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.kept[normal(generator)]
	delete(m.kept, normal(generator))
	if !ok {
		return Place{}, nil
	}
	return k.Place, nil
}

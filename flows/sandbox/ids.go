package sandbox

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// namespace seeds every name-based GUID, so the sandbox's client IDs and
// object IDs stay the same across runs and machines (tests and demos can
// rely on them) yet never collide with real Entra IDs by accident.
var namespace = [16]byte{0x5e, 0x7a, 0x2d, 0x44, 0x0b, 0x1f, 0x4c, 0x8e, 0x9a, 0x61, 0xe7, 0x03, 0xd2, 0x58, 0x9c, 0x11}

// nameGUID is a UUIDv5 (RFC 9562) of name in the sandbox namespace: the
// same name always gives the same GUID, different names different ones.
func nameGUID(name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return formatGUID(u)
}

// randomGUID is a UUIDv4, as Entra uses for trace and correlation IDs.
func randomGUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return formatGUID(u)
}

func formatGUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// randomString is n random bytes in base64url without padding: cookie-safe
// and shaped like Entra's opaque values (uti, aio).
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// pairwise is the subject Entra gives a user in one app's tokens: stable
// for that user and app, different for every other app.
func pairwise(userOID, appClientID string) string {
	sum := sha256.Sum256([]byte(userOID + "|" + appClientID))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:43]
}

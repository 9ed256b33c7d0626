package emulator

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
)

// Webex ID types (the <TYPE> in ciscospark://us/<TYPE>/<uuid>).
const (
	idPeople       = "PEOPLE"
	idLocation     = "LOCATION"
	idPlaces       = "PLACES"
	idVirtualLine  = "VIRTUAL_LINE"
	idOrganization = "ORGANIZATION"
	idDigitPattern = "DIGIT_PATTERN"
)

// detUUID derives a version-4-shaped UUID from key, deterministically.
func detUUID(key string) string {
	sum := sha256.Sum256([]byte("go-wxc-emulator/" + key))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var buf [36]byte
	hex.Encode(buf[0:8], b[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], b[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], b[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], b[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], b[10:16])
	return string(buf[:])
}

// webexID returns the opaque ID: std base64 (padding stripped) of
// ciscospark://us/<TYPE>/<uuid>. The alphabet of that text never yields
// '/' or '+', so IDs are safe in URL paths.
func webexID(typ, uuid string) string {
	return base64.RawStdEncoding.EncodeToString([]byte("ciscospark://us/" + typ + "/" + uuid))
}

// detID is webexID of a deterministic UUID.
func detID(typ, key string) string { return webexID(typ, detUUID(typ+"/"+key)) }

// patternID is the ID of the seq-th digit pattern created on an entity.
func patternID(entityID string, seq int) string {
	return detID(idDigitPattern, entityID+"/"+strconv.Itoa(seq))
}

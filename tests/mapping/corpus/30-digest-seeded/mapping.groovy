// Seeded digests (mapping.md §7.10): HMAC with a PBKDF2-derived key, including the normative vectors.
mapping {
  map digest('SHA-256', 'foo').result().toHexLower() onto 'vectorEmpty'
  map digest('SHA-256', 'foo').add('abc').result().toHexLower() onto 'vectorAbc'
  map digest('SHA-256', 'foo').add('abc').result().toBase64() onto 'vectorAbcBase64'
  map digest('sha-256', 'pseudoSession')
      .add(partyId())
      .add('-')
      .add(sessionId())
      .result().toBase64() onto 'pseudoSession'
  map digest('SHA-1', 'foo').add('abc').result().toHexLower() onto 'sha1'
  map digest('sha1', 'foo').add('abc').result().toHexLower() onto 'sha1Alias'
  map digest('SHA-224', 'foo').add('abc').result().toHexLower() onto 'sha224'
  map digest('SHA224', 'foo').add('abc').result().toHexLower() onto 'sha224Alias'
  map digest('SHA256', 'foo').add('abc').result().toHexUpper() onto 'sha256AliasUpper'
  map digest('SHA-384', 'foo').add('abc').result().toHexLower() onto 'sha384'
  map digest('sha384', 'foo').add('abc').result().toHexLower() onto 'sha384Alias'
  map digest('SHA-512', 'foo').add('abc').result().toHexLower() onto 'sha512'
  map digest('Sha512', 'foo').add('abc').result().toHexLower() onto 'sha512Alias'
  def seed = 'fix'
  map digest('sha-256', "pre-$seed").add(location()).result() onto 'interpolatedSeed'
  def command = digest 'sha-256', 'seed'
  map command.add('abc').result().toHexLower() onto 'commandForm'
}

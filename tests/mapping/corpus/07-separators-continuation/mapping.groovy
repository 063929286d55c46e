// Statement separators and line continuation (mapping.md §2.2).
mapping {
  map 'a' onto 'semicolons'; map 'b' onto 'sameLine';
  ;; map 'c' onto 'emptyStatements' ;

  def afterEquals =
    'continued after ='
  map afterEquals onto 'afterEquals'
  def afterPlus = 'a' +
    'b'
  map afterPlus onto 'afterPlus'
  def backslash = 'x' \
    + 'y'
  map backslash onto 'backslash'
  map('inside' +
      ' parentheses'
     ) onto 'parentheses'
  def list = [
    'one',
    'two'
  ]
  map "$list" onto 'brackets'
  map digest('sha-256')
      // a comment-only line between the parts of the chain

      .add('abc')
      /* a block comment */
      .result().toHexLower() onto 'leadingDot'
  map digest('md5').
      add('abc').result().toHexLower() onto 'trailingDot'
  map digest('SHA-256',
             'foo').result().toHexLower() onto 'trailingComma'
  map(
    'after open parenthesis') onto 'trailingParenthesis'
  ['p'].each { value ->
    map value onto 'trailingArrow'
  }
  when location().isPresent() apply { map 'one-line apply' onto 'oneLineApply' }
}

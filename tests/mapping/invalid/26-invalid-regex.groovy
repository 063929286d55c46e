mapping {
  map((match '(abc' against location()).matches()) onto 'b'
  map((match /[a-z&&[^aeiou]]/ against location()).matches()) onto 'b'
  map((match /\p{javaLowerCase}+/ against location()).matches()) onto 'b'
}

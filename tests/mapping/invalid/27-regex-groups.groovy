mapping {
  def m = match '^(a)(?<second>b)?$' against location()
  map m.group(3) onto 'loc'
  map m.group('name') onto 'loc'
  map m.group(2) onto 'loc'
  map m.group('second') onto 'loc'
}

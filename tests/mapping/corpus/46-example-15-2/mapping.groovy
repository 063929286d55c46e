mapping {
  map timestamp() onto 'ts'
  map remoteHost() onto 'remoteHost'
  def path = (parse location() to uri).path()
  section {
    def product = match /^\/products\/([0-9]+)$/ against path
    when product.matches() apply {
      map 'product' onto 'pageType'                       // ["null","string"]
      map { parse product.group(1) to int32 } onto 'productId'   // ["null","int"]
      exit()
    }
    when path.equalTo('/') apply { map 'home' onto 'pageType'; exit() }
    map 'other' onto 'pageType'
  }
  map true onto 'classified'                              // boolean
}

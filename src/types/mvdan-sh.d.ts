declare module 'mvdan-sh' {
  // biome-ignore lint/suspicious/noExplicitAny: GopherJS export without types
  const sh: { syntax: any };
  export default sh;
}

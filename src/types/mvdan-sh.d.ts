declare module 'mvdan-sh' {
  const sh: { syntax: any };
  export default sh;
}

declare module '*.otf' {
  const data: ArrayBuffer;
  export default data;
}

/** The quant library's declarations as ambient modules "@studio/blocks/...", made at build time (vite.config.ts). */
declare module "virtual:library-types" {
  const declarations: string;
  export default declarations;
}

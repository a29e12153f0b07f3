fn main() {
    dnslens_web::start();
}
